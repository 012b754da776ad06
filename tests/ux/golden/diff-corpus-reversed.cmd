diff diff-new.yaml diff-old.yaml --events diff-events.jsonl
