// Checks SQL files with an independent Flink SQL grammar (dt-sql-parser's
// FlinkSQL, bundled by setup.sh). Usage: node check-sql.cjs SPEC.json
// SPEC is a list of cases:
//   {"file": F, "statements": N,
//    "literals": [...],    // each must come back from some string literal
//    "identifiers": [...], // each must come back from some quoted identifier
//    "in_comments": [...], // markers that may occur only inside comments
//    "in_literals": [...]} // markers that may occur only inside literals
// Prints one line per failure and exits 1 if any case failed.
'use strict';
const fs = require('fs');
const path = require('path');
const { FlinkSQL } = require(path.join(__dirname, 'dist', 'flinksql.cjs'));

const parser = new FlinkSQL();
const vocabulary = parser.createLexer('').vocabulary;

// dt-sql-parser lexes a backslash inside quotes as an escape (its grammar
// comes from MySQL: SQUOTA_STRING : '\'' ('\\' . | '\'\'' | ...)). Flink's
// lexer (Calcite's) gives backslashes no meaning: '\d+' is the three
// characters \d+. So before parsing, every backslash becomes a private-use
// character that both lexers read as an ordinary character, and expected
// values are mapped the same way. A backslash outside a literal would be an
// error for Flink, and its stand-in is one for dt-sql-parser too, so the
// check stays sound.
const BACKSLASH = '\uE000';
const mapBackslash = (s) => s.split('\\').join(BACKSLASH);

function unquote(text) {
  const q = text[0];
  return text.slice(1, -1).split(q + q).join(q);
}

// The tokens of `sql`, each with its kind and [start, stop] offsets.
// The lexer counts code points; JavaScript strings index UTF-16 units, so
// offsets are mapped back to those.
function tokens(sql) {
  const unit = []; // code point index -> UTF-16 index
  for (let i = 0; i < sql.length; i++) {
    unit.push(i);
    const c = sql.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) i++;
  }
  unit.push(sql.length);
  return parser.getAllTokens(sql).map((t) => ({
    name: vocabulary.getSymbolicName(t.type) || '',
    text: t.text,
    start: unit[t.start],
    stop: unit[t.stop + 1] - 1,
  }));
}

// The token covering offset `at` (tokens are sorted and contiguous).
function tokenAt(toks, at) {
  let lo = 0, hi = toks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (toks[mid].stop < at) lo = mid + 1;
    else if (toks[mid].start > at) hi = mid - 1;
    else return toks[mid];
  }
  return null;
}

// Whether every occurrence of `marker` lies inside a token passing `ok`.
function onlyInside(sql, toks, marker, ok) {
  let at = sql.indexOf(marker);
  if (at < 0) return 'does not occur';
  for (; at >= 0; at = sql.indexOf(marker, at + 1)) {
    const end = at + marker.length - 1;
    const tok = tokenAt(toks, at);
    if (!tok || !ok(tok) || tok.stop < end)
      return `occurs at offset ${at} outside (in ${tok ? tok.name : 'nothing'})`;
  }
  return null;
}

// dt-sql-parser 4.5.1's FlinkSQL grammar knows TRY_CAST only as a plain
// function name, so `TRY_CAST(x AS DOUBLE)` fails on its `AS`; Flink's
// parser (flink-sql-parser, Calcite's CAST production) gives TRY_CAST the
// same syntax as CAST. Each TRY_CAST keyword token (never text inside a
// literal or comment) is therefore checked as CAST, padded to keep offsets.
function tryCastAsCast(sql) {
  let out = '', at = 0;
  for (const t of tokens(sql)) {
    if (t.name !== 'KW_TRY_CAST') continue;
    out += sql.slice(at, t.start) + '    CAST';
    at = t.stop + 1;
  }
  return out + sql.slice(at);
}

function checkCase(c) {
  const fails = [];
  const raw = fs.readFileSync(c.file, 'utf8');
  if (raw.includes(BACKSLASH)) return [`holds U+E000, which the check reserves`];
  const sql = tryCastAsCast(mapBackslash(raw));
  const errors = parser.validate(sql);
  for (const e of errors.slice(0, 3))
    fails.push(`syntax error at ${e.startLine}:${e.startColumn}: ${e.message}`);
  if (errors.length) return fails;
  const stmts = parser.splitSQLByStatement(sql) || [];
  if (stmts.length !== c.statements)
    fails.push(`${stmts.length} statements, expected ${c.statements}`);
  const toks = tokens(sql);
  const strings = new Set(), idents = new Set();
  for (const t of toks) {
    if (t.name !== 'STRING_LITERAL') continue;
    (t.text[0] === '`' ? idents : strings).add(unquote(t.text));
  }
  for (const lit of c.literals || [])
    if (!strings.has(mapBackslash(lit))) fails.push(`literal ${JSON.stringify(lit).slice(0, 80)} not found`);
  for (const id of c.identifiers || [])
    if (!idents.has(id)) fails.push(`identifier ${JSON.stringify(id)} not found`);
  const isComment = (t) => t.name.includes('COMMENT');
  const isString = (t) => t.name === 'STRING_LITERAL' && t.text[0] === "'";
  for (const m of c.in_comments || []) {
    const why = onlyInside(sql, toks, mapBackslash(m), isComment);
    if (why) fails.push(`comment marker ${m} ${why}`);
  }
  for (const m of c.in_literals || []) {
    const why = onlyInside(sql, toks, mapBackslash(m), isString);
    if (why) fails.push(`literal marker ${m} ${why}`);
  }
  return fails;
}

const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let failed = 0;
for (const c of spec) {
  const fails = checkCase(c);
  if (fails.length) failed++;
  for (const f of fails) console.log(`${c.file}: ${f}`);
}
console.log(`${spec.length - failed}/${spec.length} files parse as Flink SQL and keep their text`);
process.exit(failed ? 1 : 0);
