// The peer: DuckDB selecting the same events as `filterc route`, on the
// same JSONL corpus, in-process. Prints "<events> <query seconds>" where the
// time covers the query only (DuckDB is started and warmed up before it).
// usage: node duckdb_route.mjs CORPUS flat|nested THREADS [count|jsonl OUT]
import { DuckDBInstance } from '@duckdb/node-api';

const [corpus, kind, threads, output = 'count', out] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const db = await instance.connect();
const columns = `{id: 'VARCHAR', event_name: 'VARCHAR', event_type: 'VARCHAR',
  created_date: 'VARCHAR', saved_date: 'VARCHAR', event_data: 'VARCHAR',
  __op: 'VARCHAR', __table: 'VARCHAR', __ts_ms: 'BIGINT', __deleted: 'VARCHAR'}`;
const source = `read_json('${corpus}', format = 'newline_delimited',
  columns = ${columns}, ignore_errors = true, maximum_object_size = 16777216)`;
const where = kind === 'flat'
  ? `event_type = 'LoanCreated' AND __op = 'c'`
  : `TRY_CAST(json_extract_string(event_data,
       '$.eventBody.entities[0].updatedAttributes.loan.loanAmount') AS DOUBLE) > 100000`;
const select = `SELECT * FROM ${source} WHERE ${where}`;
await db.run(`SELECT 1`);
const start = process.hrtime.bigint();
let events;
if (output === 'jsonl') {
  const r = await db.runAndReadAll(`COPY (${select}) TO '${out}' (FORMAT json)`);
  events = Number(r.getRows()[0]?.[0] ?? 0);
} else {
  const r = await db.runAndReadAll(`SELECT count(*) FROM (${select})`);
  events = Number(r.getRows()[0][0]);
}
const secs = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`${events} ${secs.toFixed(4)}`);
