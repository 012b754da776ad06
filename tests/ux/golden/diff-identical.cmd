diff diff-old.yaml diff-old.yaml --events diff-events.jsonl
