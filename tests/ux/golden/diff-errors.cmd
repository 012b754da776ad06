diff --variant no-op diff-old.yaml diff-new.yaml
