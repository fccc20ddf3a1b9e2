// Counts the statuses of a JSON lines file with DuckDB's read_json on one
// thread, and prints the process's CPU seconds for it (bench/formats.sh).
// Usage: node bench/duckdb_count.mjs FILE (with @duckdb/node-api installed).
import { DuckDBInstance } from '@duckdb/node-api';

const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await instance.connect();
const start = process.cpuUsage();
const file = process.argv[2].replaceAll("'", "''");
await connection.runAndReadAll(
  `SELECT status, count(*) FROM read_json('${file}', format = 'newline_delimited') GROUP BY 1`);
const used = process.cpuUsage(start);
console.log(((used.user + used.system) / 1e6).toFixed(3));
