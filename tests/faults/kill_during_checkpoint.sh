#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A crash while a checkpoint is being written leaves the previous checkpoint readable.
# heat writes its checkpoint to a temporary FILE.tmp.XXXXXX and renames it over FILE only
# once it is on disk,
# so SIGKILL at any moment must leave FILE either absent (no checkpoint finished yet) or a
# complete checkpoint that --restart accepts (it checks the field against the stored digest).
# Checkpointing every step of an 8 MB grid keeps the writer inside a write most of the time;
# the script counts the kills that landed mid-write and needs at least one: it runs 6 rounds,
# and more (up to 24) until one has (a slower build, e.g. under a sanitizer, computes longer
# between writes, so fewer kills land inside one).
#   kill_during_checkpoint.sh SCALELAB_HEAT WORK_DIR
set -uo pipefail
heat=$1 work=$2
rm -rf "$work"
mkdir -p "$work"
checkpoint=$work/heat.h5
grid=(--size 1024x1024 --model serial --reps 1 --warmup 0 --quiet)
min_rounds=6 max_rounds=24 mid_write=0

fail() {
  echo "FAIL: $*"
  exit 1
}

step_of() {  # CHECKPOINT -> the step stored in it
  /usr/bin/python3 -c 'import h5py, sys; print(int(h5py.File(sys.argv[1], "r").attrs["step"]))' "$1"
}

for ((round = 1; round <= max_rounds; round++)); do
  ((round > min_rounds && mid_write > 0)) && break
  before=$(stat -c %Y.%s "$checkpoint" 2>/dev/null || echo none)
  "$heat" "${grid[@]}" --steps 1000000 --checkpoint "$checkpoint" --checkpoint-every 1 \
    --output "$work/never.jsonl" &
  writer=$!
  # Wait for this writer's first complete checkpoint, then kill it a little later.
  for _ in $(seq 1 1500); do
    now=$(stat -c %Y.%s "$checkpoint" 2>/dev/null || echo none)
    [[ $now != "$before" && -e $checkpoint ]] && break
    sleep 0.01
  done
  [[ -e $checkpoint ]] || { kill -9 "$writer"; fail "round $round: no checkpoint appeared"; }
  sleep "0.$((RANDOM % 300 + 50))"
  writing=0
  compgen -G "$checkpoint.tmp.*" >/dev/null && writing=1 && mid_write=$((mid_write + 1))
  kill -9 "$writer" || fail "round $round: the writer ended before it was killed"
  wait "$writer" 2>/dev/null
  rm -f "$checkpoint".tmp.*  # the killed writer's temporary: not this checkpoint's business
  [[ ! -e $work/never.jsonl ]] || fail "round $round: a killed run wrote a record"

  step=$(step_of "$checkpoint") || fail "round $round: $checkpoint is not a readable checkpoint"
  "$heat" "${grid[@]}" --restart "$checkpoint" --steps $((step + 1)) \
    --output "$work/restart-$round.jsonl" >"$work/restart.log" 2>&1 ||
    { cat "$work/restart.log"; fail "round $round: restart from step $step failed"; }
  grep -q '"verified":true' "$work/restart-$round.jsonl" || fail "round $round: restart not verified"
  echo "round $round: killed $( ((writing)) && echo mid-write || echo between writes), restarted from step $step: verified"
done
rounds=$((round - 1))
((mid_write > 0)) || fail "no kill landed during a checkpoint write in $rounds rounds"
echo "ok: $rounds kills ($mid_write during a write), every checkpoint left behind restarted verified"
rm -rf "$work"
