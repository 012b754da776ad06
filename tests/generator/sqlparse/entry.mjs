// Bundled by setup.sh into dist/flinksql.cjs: dt-sql-parser's ES module
// build uses directory imports that Node 20 refuses, and importing only
// FlinkSQL lets esbuild leave the other dialects out.
export { FlinkSQL } from 'dt-sql-parser';
