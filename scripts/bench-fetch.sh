#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# bench-fetch: how many requests per second each client keeps going against the same server,
# at the same number in flight, as ratios to the clients a Python user would write.
#
#   eventloop  scalelab-fetch --model eventloop --concurrency C (one thread, epoll)
#              vs bench/fetch_asyncio.py: asyncio, a semaphore of C, C connections
#   threads    scalelab-fetch --model openmp --concurrency C (C blocking threads)
#              vs bench/fetch_threads.py: a ThreadPoolExecutor of C workers
#
# Every client sends the same requests to the same server code (apps/fetch/server.*; ours
# start it in their own process, the references talk to scalelab-fetch-server) and checks
# every payload's length and FNV-1a checksum against the expected payload, computed per
# response. wrk and ab speak HTTP, not this line protocol, so there is no load-generator
# ceiling to compare with; the line "ideal" is the in-flight bound C / latency.
#
# Method (docs/benchmarks.md): this machine's speed drifts about +-20 % over minutes, so
# every round runs the reference, ours, the reference again (A B A) for each pair, the
# pairs' order swapped every round (>= 5 rounds); a ratio is ours over the mean of the two
# reference runs that bracket it, and the report is the MEDIAN of the per-round ratios.
# Nothing is compared with a number saved earlier.
#
# Exit status: 0 when every run finished and verified, 1 when a run failed or was not
# verified, 2 on usage errors or missing binaries. It builds nothing.
set -euo pipefail

usage() {
  cat <<'EOF2'
Usage: scripts/bench-fetch.sh [--quick] [--rounds N] [--concurrency C]

  --quick          a third of the requests (still >= 5 rounds): about 30 s
  --rounds N       alternating rounds (default 5; fewer than 5 is refused)
  --concurrency C  requests in flight for every client (default 64; 1..1000)
  -h, --help       this text

Takes about 1.5 minutes on a 2-core machine. Run it on an otherwise idle machine: it says how
busy the CPUs were before it started, since every number measures the other processes too.
EOF2
}

# ---------------------------------------------------------------------------------------------
# Options
rounds=5
quick=0
concurrency=64
while (($#)); do
  case $1 in
    --quick) quick=1 ;;
    --rounds) rounds=${2:?--rounds needs a value}; shift ;;
    --concurrency) concurrency=${2:?--concurrency needs a value}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench-fetch: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if ! [[ $rounds =~ ^[0-9]+$ ]] || ((rounds < 5)); then
  echo "bench-fetch: --rounds must be an integer >= 5 (got '$rounds')" >&2
  exit 2
fi
if ! [[ $concurrency =~ ^[0-9]+$ ]] || ((concurrency < 1 || concurrency > 1000)); then
  echo "bench-fetch: --concurrency must be an integer in 1..1000 (got '$concurrency')" >&2
  exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/bench-lib.sh
source "$root/scripts/bench-lib.sh"
bin=$root/build/bin
py=/usr/bin/python3  # Debian's Python: `python3` on PATH may be another one
for program in scalelab-fetch scalelab-fetch-server; do
  if [[ ! -x $bin/$program ]]; then
    echo "bench-fetch: missing $bin/$program; build first: cmake --preset release && cmake --build build" >&2
    exit 2
  fi
done
command -v "$py" >/dev/null || {
  echo "bench-fetch: '$py' not found; run scripts/install-deps.sh" >&2
  exit 2
}

# The workload every client runs: 2 ms per answer, small payloads (the Python clients hash
# every byte in the interpreter, as ours do in C++: bigger payloads would measure mostly that).
requests=3000
((quick)) && requests=1000
workload=(--seed 1 --latency-ms 2 --payload-bytes 256)
repeat=(--reps 3 --warmup 1)

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-fetch.XXXXXX")
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
runs=$work/runs.tsv  # round  pair  role(ours|ref)  client  JSON result
: >"$runs"
run_timeout=300  # a hung client must not hang the benchmark

# The references' server: the same code ours start in-process, alone, until we kill it.
"$bin/scalelab-fetch-server" "${workload[@]}" >"$work/server.out" 2>&1 &
server_pid=$!
for _ in $(seq 100); do
  [[ -s $work/server.out ]] && break
  sleep 0.05
done
port=$(awk '$1 == "port" {print $2}' "$work/server.out")
if ! [[ $port =~ ^[0-9]+$ ]]; then
  echo "bench-fetch: scalelab-fetch-server did not start: $(cat "$work/server.out")" >&2
  exit 1
fi

# run ROUND PAIR ROLE CLIENT: one run of the client; its result (JSON) noted in $runs.
run() {
  local round=$1 pair=$2 role=$3 client=$4
  local -a cmd
  case $client in
    eventloop | openmp)
      cmd=("$bin/scalelab-fetch" --model "$client" --concurrency "$concurrency" --size "$requests"
           "${workload[@]}" "${repeat[@]}" --quiet --output "$work/record.jsonl") ;;
    asyncio | threads)
      cmd=("$py" "$root/bench/fetch_$client.py" --port "$port" --concurrency "$concurrency"
           --size "$requests" --seed 1 --payload-bytes 256 "${repeat[@]}") ;;
  esac
  local log=$work/last.log code=0
  rm -f "$work/record.jsonl"
  timeout "$run_timeout" "${cmd[@]}" >"$log" 2>&1 || code=$?
  if ((code != 0)); then
    echo "---- output of the failed run ----" >&2
    tail -n 20 "$log" >&2 || true
    echo "bench-fetch: FAILED (exit $code): ${cmd[*]}" >&2
    exit 1
  fi
  local result
  if [[ -f $work/record.jsonl ]]; then result=$(tail -n 1 "$work/record.jsonl"); else result=$(tail -n 1 "$log"); fi
  printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$pair" "$role" "$client" "$result" >>"$runs"
}

# pair ROUND OURS REFERENCE: the reference, ours, the reference again.
pair() {
  run "$1" "$2" ref "$3"
  run "$1" "$2" ours "$2"
  run "$1" "$2" ref "$3"
}

busy=$(cpu_busy_percent)
echo "host      $(hostname)  ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) CPUs)"
echo "workload  $requests requests, 2 ms each, 256-byte payloads, $concurrency in flight; $rounds rounds"
echo "load      CPUs ${busy}% busy before start"
if ((busy > 10)); then
  echo "WARNING: other processes keep the CPUs ${busy}% busy: every rate measures them too" >&2
fi
start=$SECONDS
for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds ..." >&2
  if ((r % 2)); then
    pair "$r" eventloop asyncio
    pair "$r" openmp threads
  else
    pair "$r" openmp threads
    pair "$r" eventloop asyncio
  fi
done
echo "measured in $((SECONDS - start)) s; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

"$py" - "$runs" "$concurrency" <<'PY'
import json, statistics, sys
from collections import defaultdict

runs = [line.rstrip("\n").split("\t", 4) for line in open(sys.argv[1]) if line.strip()]
concurrency = int(sys.argv[2])
rate = defaultdict(list)    # client -> requests/s of every run
ratio = defaultdict(list)   # pair -> per-round ours / reference
verified = True
groups = defaultdict(list)  # (round, pair) -> [(role, client, requests/s)]
for rnd, pair, role, client, text in runs:
    result = json.loads(text)
    if "fom" in result:  # a scalelab record
        rps, ok = result["fom"]["requests_per_s"], result["verified"]
    else:
        rps, ok = result["requests_per_s"], result["verified"]
    if not ok:
        print(f"NOT VERIFIED: {client} round {rnd}: {text}")
        verified = False
    rate[client].append(rps)
    groups[(rnd, pair)].append((role, client, rps))
reference_of = {}
for (rnd, pair), seq in groups.items():
    ours = [r for role, _, r in seq if role == "ours"][0]
    refs = [(c, r) for role, c, r in seq if role == "ref"]
    reference_of[pair] = refs[0][0]
    ratio[pair].append(ours / statistics.mean(r for _, r in refs))

label = {"eventloop": "scalelab eventloop (1 thread, epoll)",
         "openmp": "scalelab openmp (blocking threads)",
         "asyncio": "Python asyncio (bench/fetch_asyncio.py)",
         "threads": "Python ThreadPoolExecutor (bench/fetch_threads.py)"}
print()
print(f"{'client':<52} {'requests/s':>11}")
for client in ("eventloop", "asyncio", "openmp", "threads"):
    print(f"{label[client]:<52} {statistics.median(rate[client]):>11.0f}")
print(f"{'ideal: ' + str(concurrency) + ' in flight / 2 ms':<52} {concurrency / 2e-3:>11.0f}")
print()
print("ours / reference (median of per-round ratios):")
for pair in ("eventloop", "openmp"):
    rounds = " ".join(f"{x:.3g}" for x in ratio[pair])
    name = f"{pair} / {reference_of[pair]}"
    print(f"  {name:<20} {statistics.median(ratio[pair]):6.2f}x   {rounds}")
sys.exit(0 if verified else 1)
PY
