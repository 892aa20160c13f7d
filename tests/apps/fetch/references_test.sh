#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The benchmark's references against scalelab-fetch-server: the server prints its port and
# serves until SIGTERM; the asyncio and thread-pool clients verify every payload (exit 0),
# and both fail verification (exit 1) when they expect another seed's payloads.
#   references_test.sh SERVER_BINARY BENCH_DIR
set -uo pipefail
server=$1 bench=$2
py=/usr/bin/python3
out=$(mktemp)
"$server" --seed 7 --latency-ms 1 --payload-bytes 200 >"$out" &
pid=$!
trap 'kill "$pid" 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do
  [[ -s $out ]] && break
  sleep 0.05
done
port=$(awk '$1 == "port" {print $2}' "$out")
[[ $port =~ ^[0-9]+$ ]] || { echo "FAIL: no port line from the server: '$(cat "$out")'"; exit 1; }

failed=0
for client in fetch_asyncio.py fetch_threads.py; do
  common=(--port "$port" --payload-bytes 200 --size 45 --concurrency 8 --reps 1 --warmup 0)
  line=$("$py" "$bench/$client" "${common[@]}" --seed 7)
  code=$?
  if ((code != 0)) || [[ $line != *'"requests": 45'*'"verified": true'* ]]; then
    echo "FAIL: $client (exit $code): $line"
    failed=1
  fi
  line=$("$py" "$bench/$client" "${common[@]}" --seed 8)
  code=$?
  if ((code != 1)) || [[ $line != *'"bad_payloads": 45'*'"verified": false'* ]]; then
    echo "FAIL: $client with the wrong seed (exit $code, expected 1): $line"
    failed=1
  fi
done
kill "$pid"
wait "$pid"
code=$?
if ((code != 0)); then
  echo "FAIL: the server ended with exit $code on SIGTERM, expected 0"
  failed=1
fi
((failed)) || echo "references: verified, wrong payloads caught, server stopped"
exit "$failed"
