-- Sink{{#each filters}} for filter {{id | comment}}{{/each}}.
CREATE TABLE IF NOT EXISTS {{table | ident}} (
{{#each columns}}
    {{name | ident}} {{type}}{{#if !last}},{{/if}}
{{/each}}
) WITH (
    'connector' = 'kafka',
    'topic' = {{table | string}},
    'properties.bootstrap.servers' = {{bootstrap_servers | string}},
    'format' = 'json'{{#each options}},
    {{key | string}} = {{value | string}}{{/each}}
);
