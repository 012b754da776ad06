explain explain.yaml --filter no-such-filter
