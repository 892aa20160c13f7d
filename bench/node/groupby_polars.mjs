// SPDX-License-Identifier: MIT
// groupby reference: Polars (nodejs-polars), a lazy scan of the CSV grouped and collected.
//
//   node groupby_polars.mjs FILE.csv [--threads N] [--reps N] [--warmup N] [--out TABLE.csv]
//
// count, mean, sample std (Polars' std is ddof 1), min, max of SCADAVALUE per
// SETTLEMENTDATE. The lazy query lets Polars push the projection into its multi-threaded CSV
// reader; the schema is given, so no inference pass is timed. Polars sizes its thread pool
// from POLARS_MAX_THREADS when the module loads, hence the dynamic import after setting it.
// Prints the lines of reference_timing.mjs.
import { medianSeconds, parseArgs, report } from './reference_timing.mjs';

const options = parseArgs('groupby_polars.mjs');
process.env.POLARS_MAX_THREADS = String(options.threads);
const { default: pl } = await import('nodejs-polars');

const schema = { SETTLEMENTDATE: pl.Utf8, DUID: pl.Utf8, SCADAVALUE: pl.Float64 };
const query = () =>
  pl
    .scanCSV(options.file, { schema })
    .groupBy('SETTLEMENTDATE')
    .agg(
      pl.col('SCADAVALUE').count().alias('count'),
      pl.col('SCADAVALUE').mean().alias('mean'),
      pl.col('SCADAVALUE').std().alias('std'),
      pl.col('SCADAVALUE').min().alias('min'),
      pl.col('SCADAVALUE').max().alias('max'),
    )
    .collect();

const { result, seconds } = await medianSeconds(query, options);
report(
  result.rows(),
  `nodejs-polars ${pl.version} (Polars), scanCSV + groupBy().agg, lazy, ` +
    `POLARS_MAX_THREADS=${process.env.POLARS_MAX_THREADS}; timed in-process: collect(), ` +
    `median of ${options.reps} after ${options.warmup} warm-up`,
  seconds,
  options.out,
);
