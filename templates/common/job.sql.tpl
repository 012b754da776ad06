{{! The INSERTs: by default one statement set, so one job reads the source
    topic once for every route; with --separate-statements, one job each. }}
{{#if statement_set}}
-- One job for every route: the source topic is read once.
EXECUTE STATEMENT SET
BEGIN

{{#each inserts}}
{{#if !first}}

{{/if}}
{{sql}}
{{/each}}

END;
{{else}}
{{#each inserts}}
{{#if !first}}

{{/if}}
{{sql}}
{{/each}}
{{/if}}
