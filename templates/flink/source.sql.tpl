{{! Self-managed Flink with the Kafka connector. A message that is not
    JSON is skipped rather than failing the job. }}
-- Source: the CDC connector's topic ({{variant | comment}} variant{{#if no_op}}: no CDC metadata columns{{/if}}).
CREATE TABLE IF NOT EXISTS {{table | ident}} (
{{#each columns}}
    {{name | ident}} {{type}}{{#if !last}},{{/if}}
{{/each}}
) WITH (
    'connector' = 'kafka',
    'topic' = {{table | string}},
    'properties.bootstrap.servers' = {{bootstrap_servers | string}},
    'properties.group.id' = {{group_id | string}},
    'scan.startup.mode' = {{startup_mode | string}},
    'format' = 'json',
    'json.ignore-parse-errors' = 'true'{{#each options}},
    {{key | string}} = {{value | string}}{{/each}}
);
