#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A record file survives crashes and cut lines. Runs appending to one --output file are
# killed with SIGKILL at random moments (fixed seed: the same moments every time), and now and
# then a line is cut by hand (what a writer killed mid-line by another program, or a full
# disk, leaves behind: the start of a record, no newline); more runs append after each cut.
# Then every record written is a line of its own (a cut line is only the start of a record,
# never with a record glued on), there is one for each run that finished (and at most one for
# each killed run, which may die after its record and before it exits), and
# scalelab.records.read_records returns them all and warns once for each cut line,
# naming path:line.
#   record_cut_lines.sh SCALELAB_PI SCRIPTS_DIR WORK_DIR
set -uo pipefail
pi=$1 scripts=$2 work=$3
rm -rf "$work"
mkdir -p "$work"
file=$work/runs.jsonl
run=(--model serial --size 200000 --reps 20 --warmup 0 --quiet --output "$file")
RANDOM=2026
rounds=24 finished=0 killed=0 cuts=0

fail() {
  echo "FAIL: $*"
  exit 1
}

"$pi" "${run[@]}" || fail "the first run failed"
finished=1
template=$(head -n 1 "$file")
for ((round = 1; round <= rounds; round++)); do
  "$pi" "${run[@]}" &
  pid=$!
  sleep "$(printf '0.%03d' $((RANDOM % 900 + 10)))"  # a run takes about 0.5 s
  kill -9 "$pid" 2>/dev/null
  wait "$pid"
  case $? in
    0) finished=$((finished + 1)) ;;
    137) killed=$((killed + 1)) ;;
    *) fail "round $round: the run failed" ;;
  esac
  if ((round % 6 == 0)); then
    printf '%s' "${template:0:$((RANDOM % (${#template} - 2) + 1))}" >>"$file"
    cuts=$((cuts + 1))
  fi
done
"$pi" "${run[@]}" || fail "the last run failed"
finished=$((finished + 1))
((killed > 0)) || fail "no run was killed before it finished"
echo "runs: $finished finished, $killed killed; $cuts lines cut by hand"

PYTHONPATH="$scripts/../python" /usr/bin/python3 - "$scripts" "$file" "$finished" "$killed" "$cuts" <<'PY'
import io, json, sys
scripts, path = sys.argv[1], sys.argv[2]
finished, killed, cuts = (int(n) for n in sys.argv[3:6])
from scalelab.records import read_records

# What the file holds, judged independently of the reader.
lines = open(path, "rb").read().split(b"\n")
assert lines[-1] == b"", "the last run's record must end the file with a newline"
template = lines[0]
whole, cut_lines = 0, []
for number, raw in enumerate(lines[:-1], start=1):
    try:
        record = json.loads(raw)
    except ValueError:
        assert template.startswith(raw), f"line {number} is not the start of a record: {raw!r}"
        cut_lines.append(number)
        continue
    assert record["workload"] == "pi" and record["verified"] is True, raw
    whole += 1
assert finished <= whole <= finished + killed, f"{whole} records, {finished} runs finished"
assert len(cut_lines) == cuts, f"cut lines {cut_lines}, expected {cuts}"

warnings = io.StringIO()
records = read_records(path, warn=warnings)
said = [line for line in warnings.getvalue().splitlines() if line.strip()]
assert len(records) == whole, f"reader returned {len(records)} of {whole} records"
assert len(said) == cuts, f"{len(said)} warnings for {cuts} cut lines: {said}"
for number in cut_lines:
    assert any(f"{path}:{number}" in line for line in said), f"no warning names {path}:{number}"
assert read_records(path, warn=None) == records
print(f"ok: {whole} records read, {cuts} cut lines (at {cut_lines}) each warned about")
PY
status=$?
[[ $status -eq 0 ]] && rm -rf "$work"
exit $status
