explain explain.yaml --filter switched-off --event '{"event_type":"X"}'
