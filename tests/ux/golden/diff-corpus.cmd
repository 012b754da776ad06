diff diff-old.yaml diff-new.yaml --events diff-events.jsonl
