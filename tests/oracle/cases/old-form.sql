-- The JSON path operand as filterc emitted it before issue 9: JSON_VALUE ... RETURNING DOUBLE
-- and RETURNING BOOLEAN. JsonValueCallGen casts the raw Jayway object with a plain Java cast,
-- so a JSON integer (or a string) fails the job: the oracle must say J.
CREATE TABLE IF NOT EXISTS `raw-business-events` (
    `id` STRING,
    `event_data` STRING
) WITH (
    'connector' = 'kafka',
    'topic' = 'raw-business-events',
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

INSERT INTO `out`
SELECT
    `id`
FROM `raw-business-events`
WHERE JSON_VALUE(`event_data`, '$.eventBody.loan.amount' RETURNING DOUBLE) > 1000;

INSERT INTO `out`
SELECT
    `id`
FROM `raw-business-events`
WHERE JSON_VALUE(`event_data`, '$.eventBody.loan.autopay' RETURNING BOOLEAN) = TRUE;

INSERT INTO `out`
SELECT
    `id`
FROM `raw-business-events`
WHERE TRY_CAST(JSON_VALUE(`event_data`, '$.eventBody.loan.amount') AS DOUBLE) > 1000
  AND TRY_CAST(JSON_VALUE(`event_data`, '$.eventBody.loan.autopay') AS BOOLEAN) = TRUE;

END;
