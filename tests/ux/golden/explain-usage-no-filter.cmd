explain explain.yaml
