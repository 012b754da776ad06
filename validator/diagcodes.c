#include "diagcodes.h"

#include <string.h>

/* Sorted by code (diag_code_info searches it with bsearch; the
 * completeness test checks the order). */
const DiagCodeInfo DIAG_CODES[] = {
    {"alias-expansion", "error", "YAML aliases expand to more nodes than the limit"},
    {"ambiguous-condition", "error", "a condition mixes a comparison with a group key"},
    {"ambiguous-status", "warning",
     "a legacy status (deploying, failed) that does not say whether the filter runs"},
    {"bad-enum-value", "error",
     "a value the column can never hold (__op other than c, u, d, r)"},
    {"bad-id", "error", "a filter id that is not ^[a-z0-9-]+$"},
    {"bad-identifier", "error",
     "a template value that cannot be written as a SQL identifier"},
    {"bad-logic", "error", "conditionLogic or logicalOperator other than AND or OR"},
    {"bad-number", "error",
     "a number that is not finite or out of double range (1e400, .nan)"},
    {"bad-output-path", "error",
     "a declared output path that is absolute, has .., or is the filters file"},
    {"bad-path", "error", "a malformed field path"},
    {"bad-placeholder", "error",
     "a ${ in an environment value without a name and closing brace"},
    {"bad-regex", "error", "a pattern that does not compile"},
    {"bad-schema", "error", "a schema file that cannot be used"},
    {"bad-setting", "error", "a settings value of the wrong kind or out of range"},
    {"bad-status", "error", "a status that is not one of the known statuses"},
    {"bad-target", "error", "a declared output's target other than confluent or flink"},
    {"bad-timestamp", "error", "a timestamp value that is not ISO-8601"},
    {"bad-topic", "error",
     "an output topic Kafka cannot create (characters, length, . or ..)"},
    {"bad-value-type", "error",
     "valueType other than string, number, boolean or timestamp"},
    {"bad-variant", "error",
     "a variant other than normal or no-op, or a misplaced variant mark"},
    {"bad-version", "error", "version that is not a positive integer"},
    {"between-bounds", "error", "a between without both bounds, or min above max"},
    {"complex-key", "error", "a YAML mapping key that is not a plain scalar"},
    {"conflicting-keys", "error",
     "two keys that exclude each other (outputTopic and outputTopics)"},
    {"deprecated-filter", "warning", "a deprecated filter still generates SQL"},
    {"duplicate-id", "error", "two filters with one id"},
    {"duplicate-key", "error", "a key repeated in one YAML mapping"},
    {"duplicate-output", "error", "one output path declared twice"},
    {"duplicate-topic", "error", "one output topic written by two routes"},
    {"duplicate-value", "warning", "a value repeated in an in/notIn list"},
    {"empty-file", "error", "the file holds no filters"},
    {"empty-group", "error", "an all/any group without members"},
    {"empty-list", "error", "an in/notIn list without values"},
    {"file-too-large", "error", "the file exceeds the 64 MiB limit"},
    {"ignored-logical-operator", "warning",
     "logicalOperator on the first condition joins nothing"},
    {"internal", "error", "an internal error of filterc (please report it)"},
    {"invalid-utf8", "error", "the file is not UTF-8 text"},
    {"io-error", "error", "the file is missing, a directory or unreadable"},
    {"legacy-between", "warning", "between written as value: [min, max] (legacy form)"},
    {"legacy-list-value", "warning", "in/notIn written with value: [..] (legacy form)"},
    {"like-pattern", "warning",
     "a matches pattern that looks like a SQL LIKE pattern (% or _ wildcards)"},
    {"missing-key", "error", "a required key is missing"},
    {"missing-value", "error", "an operator that needs value: has none"},
    {"missing-values", "error", "in/notIn without values:"},
    {"misspelled-option", "error",
     "an environment option a letter or two from a known one"},
    {"mixed-list", "error", "an in/notIn list mixing value kinds"},
    {"mixed-logic", "warning", "AND and OR mixed in one list without a group"},
    {"multiple-documents", "error", "more than one YAML document in the file"},
    {"nesting-too-deep", "error", "YAML nesting deeper than the limit"},
    {"no-active-filters", "warning",
     "no enabled filter: the SQL only creates the source table"},
    {"no-conditions", "error", "a filter or route without conditions"},
    {"no-filters", "warning", "the filters list is empty"},
    {"no-op-metadata", "error", "a CDC metadata column in the no-op variant"},
    {"nul-byte", "error", "a NUL character in the file or a string"},
    {"null-literal", "error", "null as a value: every comparison with NULL is UNKNOWN"},
    {"operator-type-mismatch", "error", "an operator the field's type does not support"},
    {"placeholder", "error",
     "a placeholder (NOW-24H, ${X}) where a fixed value is needed"},
    {"regex-backtracking", "warning",
     "a pattern shape that can backtrack catastrophically"},
    {"regex-dialect", "error or warning", "a construct Java and PCRE2 read differently"},
    {"reserved-option", "error",
     "an environment option that filterc writes itself, or one the target cannot take"},
    {"template-filter", "error", "an unknown template filter"},
    {"template-kind", "error",
     "a template name used as the wrong kind (list, flag, text)"},
    {"template-syntax", "error", "malformed template tag"},
    {"template-unknown-name", "error", "a name the template context does not have"},
    {"template-unquoted", "error",
     "user text placed in a template without a quoting filter"},
    {"too-many-anchors", "error", "more YAML anchors than the limit"},
    {"topic-collision", "warning",
     "two topics that differ only by . and _ (metric names collide)"},
    {"undefined-alias", "error", "a YAML alias to no earlier anchor"},
    {"unexpected-value", "error", "a value given to an operator that takes none"},
    {"unknown-env", "error",
     "an outputs entry naming an environment that is not declared"},
    {"unknown-field", "error", "a field the schema does not have"},
    {"unknown-key", "error", "a key the format does not have"},
    {"unknown-operator", "error", "an operator name not in the operator table"},
    {"unknown-option", "warning",
     "an environment option filterc does not know, passed to the connector as written"},
    {"unknown-setting", "warning", "a settings key the generator does not know"},
    {"unsatisfiable", "warning", "AND-ed conditions that can never all be TRUE"},
    {"unsupported-tag", "error",
     "a YAML tag outside the core schema (!!binary, !!python/...)"},
    {"value-type-mismatch", "error", "a value that does not fit the field's type"},
    {"wrong-node-kind", "error",
     "a mapping, list or scalar where another kind is needed"},
    {"yaml-syntax", "error", "YAML syntax error"},
};

const size_t DIAG_CODE_COUNT = sizeof DIAG_CODES / sizeof DIAG_CODES[0];

const DiagCodeInfo *diag_code_info(const char *code) {
  size_t lo = 0, hi = DIAG_CODE_COUNT;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(DIAG_CODES[mid].code, code);
    if (c == 0)
      return &DIAG_CODES[mid];
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NULL;
}
