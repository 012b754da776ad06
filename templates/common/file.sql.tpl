{{! The whole file, in deploy order: source table, sink tables, job. }}
{{header}}

{{source}}
{{#each sinks}}

{{sql}}
{{/each}}
{{#if job}}

{{job}}
{{/if}}
