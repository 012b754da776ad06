explain explain.yaml --filter loan-created --variant no-op
