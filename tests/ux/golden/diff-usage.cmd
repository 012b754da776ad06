diff diff-old.yaml
