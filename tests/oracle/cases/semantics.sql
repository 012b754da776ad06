-- Pinned answers of the oracle on single behaviours, each named with the Flink code it follows
-- (see the .java files). One INSERT per behaviour.
CREATE TABLE IF NOT EXISTS `src` (
    `id` STRING,
    `n` BIGINT,
    `event_data` STRING
) WITH (
    'connector' = 'kafka',
    'topic' = 'src',
    'format' = 'json',
    'json.ignore-parse-errors' = 'true'
);

CREATE TABLE IF NOT EXISTS `out` (
    `id` STRING
) WITH (
    'connector' = 'kafka',
    'topic' = 'out',
    'format' = 'json'
);

EXECUTE STATEMENT SET
BEGIN

-- 1: TRY_CAST to BOOLEAN: t/true/y/yes/1, untrimmed
INSERT INTO `out` SELECT `id` FROM `src`
WHERE TRY_CAST(JSON_VALUE(`event_data`, '$.b') AS BOOLEAN) = TRUE;

-- 2: DOUBLE against an INT literal: primitive comparison, NaN > 1000 is FALSE
INSERT INTO `out` SELECT `id` FROM `src`
WHERE TRY_CAST(JSON_VALUE(`event_data`, '$.x') AS DOUBLE) > 1000;

-- 3: DOUBLE against a DECIMAL literal: Double.compare, NaN > 1000.5 is TRUE
INSERT INTO `out` SELECT `id` FROM `src`
WHERE TRY_CAST(JSON_VALUE(`event_data`, '$.x') AS DOUBLE) > 1000.5;

-- 4: TRY_CAST to BIGINT truncates "1.5" to 1
INSERT INTO `out` SELECT `id` FROM `src`
WHERE TRY_CAST(JSON_VALUE(`event_data`, '$.x') AS BIGINT) = 1;

-- 5: the STRING form is String.valueOf of Jayway's object (1e5 is BigDecimal 1E+5)
INSERT INTO `out` SELECT `id` FROM `src`
WHERE JSON_VALUE(`event_data`, '$.x') IN ('1E+5', '1', 'NaN');

-- 6: a BIGINT column truncates a JSON float (1.9 -> 1); a string is parsed
INSERT INTO `out` SELECT `id` FROM `src`
WHERE `n` BETWEEN 1 AND 1;

-- 7: NULL columns (repeated keys use up the projected arity; a failed field leaves the parser
-- inside the nested value)
INSERT INTO `out` SELECT `id` FROM `src`
WHERE `event_data` IS NULL;

-- 8: a pattern Java cannot compile is FALSE on every row (SqlFunctionUtils.regExp)
INSERT INTO `out` SELECT `id` FROM `src`
WHERE NOT (REGEXP(`id`, 'a{,2}'));

-- 9: NOT IN is x <> a AND x <> b: UNKNOWN on NULL
INSERT INTO `out` SELECT `id` FROM `src`
WHERE `id` NOT IN ('a', 'b');

END;
