-- Sink{{#each filters}} for filter {{id | comment}}{{/each}}.
CREATE TABLE IF NOT EXISTS {{table | ident}} (
{{#each columns}}
    {{name | ident}} {{type}}{{#if !last}},{{/if}}
{{/each}}
){{#if key}}
DISTRIBUTED BY ({{key | ident}}){{/if}} WITH (
    'connector' = 'confluent',
    'value.format' = 'json-registry'{{#each options}},
    {{key | string}} = {{value | string}}{{/each}}
);
