{{! Confluent Cloud: the table name is the topic; the schema registry
    holds the value format. 'error-handling.mode' (settings:
    error_handling_mode, default fail) decides what a record the source
    cannot deserialize does: fail the statement, be skipped (ignore), or be
    written to the dead-letter table error_log (log). }}
-- Source: the CDC connector's topic ({{variant | comment}} variant{{#if no_op}}: no CDC metadata columns{{/if}}).
CREATE TABLE IF NOT EXISTS {{table | ident}} (
{{#each columns}}
    {{name | ident}} {{type}}{{#if !last}},{{/if}}
{{/each}}
) WITH (
    'connector' = 'confluent',
    'value.format' = 'json-registry',
    'scan.startup.mode' = {{startup_mode | string}},
    'error-handling.mode' = {{error_handling_mode | string}}{{#if error_log}},
    'error-handling.log.target' = {{error_log_target | string}}{{/if}}{{#each options}},
    {{key | string}} = {{value | string}}{{/each}}
);
