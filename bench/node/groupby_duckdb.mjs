// SPDX-License-Identifier: MIT
// groupby reference: DuckDB (@duckdb/node-api), one SQL query over the CSV.
//
//   node groupby_duckdb.mjs FILE.csv [--threads N] [--reps N] [--warmup N] [--out TABLE.csv]
//
// count, mean, sample std, min, max of SCADAVALUE per SETTLEMENTDATE, the result
// materialised in DuckDB's own chunks (runAndReadAll). The column types are given, so no
// sniffing pass is timed (the key stays text: parsing it as a TIMESTAMP made the query ~1.7x
// slower here), and quoting is off, as the format has none; SET threads=N sizes DuckDB's
// worker pool. Prints the lines of reference_timing.mjs.
import { DuckDBInstance, version } from '@duckdb/node-api';
import { medianSeconds, parseArgs, report } from './reference_timing.mjs';

const options = parseArgs('groupby_duckdb.mjs');
const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(`SET threads = ${options.threads}`);
const setting = await connection.runAndReadAll("SELECT current_setting('threads')");
const threads = setting.getRows()[0][0];
const quoted = options.file.replaceAll("'", "''");
const query = `
  SELECT SETTLEMENTDATE, count(*), avg(SCADAVALUE), stddev_samp(SCADAVALUE),
         min(SCADAVALUE), max(SCADAVALUE)
  FROM read_csv('${quoted}', header = true, delim = ',', quote = '', escape = '',
                columns = {'SETTLEMENTDATE': 'VARCHAR', 'DUID': 'VARCHAR',
                           'SCADAVALUE': 'DOUBLE'})
  GROUP BY SETTLEMENTDATE`;

const { result, seconds } = await medianSeconds(() => connection.runAndReadAll(query), options);
report(
  result.getRowsJS(),
  `DuckDB ${version()} (@duckdb/node-api), read_csv + GROUP BY, threads=${threads}; ` +
    `timed in-process: query + materialised result, ` +
    `median of ${options.reps} after ${options.warmup} warm-up`,
  seconds,
  options.out,
);
