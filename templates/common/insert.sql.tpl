{{! One route: the events of the source that pass the filter's condition
    (and the route's own, for outputTopics) go to the route's topic. }}
-- Filter {{filter_id | comment}}: {{filter_name | comment}}{{#if version}} (version {{version}}){{/if}}
{{#if description}}
-- {{description | comment}}
{{/if}}
{{#if deprecated}}
-- WARNING: this filter is deprecated; remove it or set status: deleted.
{{/if}}
INSERT INTO {{table | ident}}
SELECT
{{#each columns}}
    {{value}}{{#if constant}} AS {{name | ident}}{{/if}}{{#if !last}},{{/if}}
{{/each}}
FROM {{source | ident}}
WHERE {{where}};
