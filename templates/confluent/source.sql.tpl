{{! Confluent Cloud: the table name is the topic; the schema registry
    holds the value format. }}
-- Source: the CDC connector's topic ({{variant | comment}} variant{{#if no_op}}: no CDC metadata columns{{/if}}).
CREATE TABLE IF NOT EXISTS {{table | ident}} (
{{#each columns}}
    {{name | ident}} {{type}}{{#if !last}},{{/if}}
{{/each}}
) WITH (
    'connector' = 'confluent',
    'value.format' = 'json-registry',
    'scan.startup.mode' = {{startup_mode | string}}{{#each options}},
    {{key | string}} = {{value | string}}{{/each}}
);
