explain explain.yaml --filter loan-created
