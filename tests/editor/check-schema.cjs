// Validates filters files against a JSON Schema (`filterc schema` output)
// with Ajv, and prints one JSON line per file:
//   {"file", "parsed": bool, "valid": bool, "errors": "..."}
// YAML is read as filterc reads it: YAML 1.2 core schema, merge keys (<<),
// duplicate keys rejected; a file ending in .json is read with JSON.parse.
// usage: node check-schema.cjs SCHEMA FILE...   exit 2 if the schema is bad
"use strict";
const fs = require("fs");
const Ajv = require("ajv");
const YAML = require("yaml");

// strict: unknown keywords are errors, except the editors' hover texts
const ajv = new Ajv({ strict: true, strictTypes: false, strictRequired: false, allErrors: true });
ajv.addVocabulary(["markdownEnumDescriptions"]);
let validate;
try {
  validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
} catch (e) {
  console.error(`${process.argv[2]}: not a usable JSON Schema: ${e.message}`);
  process.exit(2);
}
for (const file of process.argv.slice(3)) {
  const text = fs.readFileSync(file, "utf8");
  let doc;
  try {
    doc = file.endsWith(".json")
      ? JSON.parse(text)
      : YAML.parse(text, { version: "1.2", schema: "core", merge: true, uniqueKeys: true });
  } catch (e) {
    console.log(JSON.stringify({ file, parsed: false, valid: false, errors: e.message }));
    continue;
  }
  const valid = validate(doc === undefined ? null : doc);
  console.log(JSON.stringify({
    file, parsed: true, valid,
    errors: valid ? "" : ajv.errorsText(validate.errors, { separator: "\n" }),
  }));
}
