// Validates SARIF logs against the committed SARIF 2.1.0 JSON Schema.
// ajv-cli cannot pass `unicodeRegExp: false`, which the published schema
// needs (its language pattern is not valid in JavaScript's unicode mode),
// so the check uses Ajv's API directly.
// usage: node check-sarif.cjs FILE.sarif...   exit 0 valid, 1 invalid
"use strict";
const fs = require("fs");
const path = require("path");
const Ajv = require("ajv");
const addFormats = require("ajv-formats");

const ajv = new Ajv({ strict: false, unicodeRegExp: false, allErrors: true });
addFormats(ajv);
const schema = JSON.parse(
  fs.readFileSync(path.join(__dirname, "sarif-schema-2.1.0.json"), "utf8"));
const validate = ajv.compile(schema);
let bad = 0;
for (const file of process.argv.slice(2)) {
  if (validate(JSON.parse(fs.readFileSync(file, "utf8")))) {
    console.log(`${file}: valid SARIF 2.1.0`);
  } else {
    bad++;
    console.log(`${file}: invalid:\n${ajv.errorsText(validate.errors, { separator: "\n" })}`);
  }
}
process.exit(bad ? 1 : 0);
