explain explain.yaml --filter big-loans --events explain-events.jsonl
