// SPDX-License-Identifier: MIT
// What the Node references of scripts/bench groupby share: their command line, the
// in-process timing (warm-up runs, then the median of the timed ones: module loading and
// engine start-up are not timed, as ours is timed without its process start) and the
// output contract the benchmark reads:
//   groups=N rows=M        the agreement line every groupby run prints
//   ran: <what ran>        tool version, engine, threads, what is timed
//   seconds: <float>       the median timed run
import { accessSync, constants, statSync, writeFileSync } from 'node:fs';

const USAGE = 'FILE.csv [--threads N] [--reps N] [--warmup N] [--out TABLE.csv]';

// parseArgs(script) -> {file, threads, reps, warmup, out}; bad usage or an unreadable file is
// one line on stderr, exit 2.
export function parseArgs(script) {
  const args = process.argv.slice(2);
  const options = { file: null, threads: 1, reps: 3, warmup: 1, out: null };
  const fail = (what) => {
    process.stderr.write(`${script}: ${what} (usage: ${script} ${USAGE})\n`);
    process.exit(2);
  };
  for (let i = 0; i < args.length; i++) {
    const name = args[i];
    if (name === '--out') {
      if (i + 1 >= args.length) fail('--out needs a file');
      options.out = args[++i];
    } else if (name === '--threads' || name === '--reps' || name === '--warmup') {
      const text = args[++i];
      const least = name === '--warmup' ? 0 : 1;
      if (text === undefined || !/^[0-9]+$/.test(text) || Number(text) < least) {
        fail(`${name} must be an integer >= ${least} (got '${text ?? ''}')`);
      }
      options[name.slice(2)] = Number(text);
    } else if (name.startsWith('-') || options.file !== null) {
      fail(`unexpected argument '${name}'`);
    } else {
      options.file = name;
    }
  }
  if (options.file === null) fail('no input file');
  try {
    accessSync(options.file, constants.R_OK);
    if (!statSync(options.file).isFile()) throw new Error('not a file');
  } catch {
    fail(`cannot read the input file '${options.file}'`);
  }
  return options;
}

// medianSeconds(kernel, options) -> {result, seconds}: `warmup` untimed awaits of kernel(),
// then `reps` timed ones; the result is the last run's.
export async function medianSeconds(kernel, { reps, warmup }) {
  let result;
  for (let i = 0; i < warmup; i++) result = await kernel();
  const times = [];
  for (let i = 0; i < reps; i++) {
    const start = process.hrtime.bigint();
    result = await kernel();
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  const seconds = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  return { result, seconds };
}

// report(rows, ran, seconds, out): rows are [key, count, mean, std, min, max] in any order;
// with `out` they are also written as scalelab-groupby --out writes its table (ordered by key).
export function report(rows, ran, seconds, out) {
  const total = rows.reduce((sum, row) => sum + Number(row[1]), 0);
  if (out) {
    const sorted = [...rows].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const lines = sorted.map((row) => row.map((v) => (v === null ? '' : String(v))).join(','));
    writeFileSync(out, ['SETTLEMENTDATE,count,mean,std,min,max', ...lines].join('\n') + '\n');
  }
  console.log(`groups=${rows.length} rows=${total}`);
  console.log(`ran: ${ran}`);
  console.log(`seconds: ${seconds.toFixed(6)}`);
}
