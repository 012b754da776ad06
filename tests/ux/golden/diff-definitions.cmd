diff diff-old.yaml diff-new.yaml
