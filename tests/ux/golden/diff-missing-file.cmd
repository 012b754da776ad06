diff diff-old.yaml missing.yaml
