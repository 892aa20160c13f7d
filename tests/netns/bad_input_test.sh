#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The virtual cluster's answers to bad input: `up` without privileges, `up` over a namespace
# someone else made with one of its names, `down` with nothing up, a bad --rate. Each must be
# one line on stderr and exit 2, and must leave every namespace and link as it found them
# (the foreign namespace included). Exit 77 where `ip netns` is not permitted.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/netns_env.sh"
skip_unless_netns_allowed

foreign=$SCALELAB_VC_PREFIX-h1
cleanup() {
  ip netns del "$foreign" 2>/dev/null || true
  [[ -f $SCALELAB_VC_STATE/$SCALELAB_VC_PREFIX/owned ]] && "$vc" down >/dev/null 2>&1
  true
}
trap cleanup EXIT
[[ -z $(our_objects) ]] || fail "objects named $SCALELAB_VC_PREFIX-* exist before the test"

everything() { ip netns list; ip -o link show | awk -F': ' '{print $2}'; }

# expect_refusal PATTERN COMMAND...: exit 2, exactly one stderr line matching PATTERN,
# nothing on this machine's namespaces or links changed, no state written.
expect_refusal() {
  local pattern=$1 before after err code=0
  shift
  before=$(everything)
  err=$("$@" 2>&1 >/dev/null) || code=$?
  after=$(everything)
  [[ $code -eq 2 ]] || fail "'$*' exited $code, expected 2 (stderr: $err)"
  [[ $(wc -l <<<"$err") -eq 1 ]] || fail "'$*' printed more than one line: $err"
  grep -qE -- "$pattern" <<<"$err" || fail "'$*' said '$err', expected /$pattern/"
  [[ $before == "$after" ]] || fail "'$*' changed namespaces or links"
  [[ ! -e $SCALELAB_VC_STATE/$SCALELAB_VC_PREFIX ]] || fail "'$*' left state behind"
  echo "ok: $* -> $err"
}

expect_refusal "nothing is up" "$vc" down
expect_refusal "up needs privileges" \
  setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$vc" up 2
expect_refusal "--rate 'fast'" "$vc" up 2 --rate fast

# A namespace with the name host 1 would get, made by someone else.
ip netns add "$foreign"
expect_refusal "namespace '$foreign' exists and was not created by this script" "$vc" up 2
expect_refusal "nothing is up" "$vc" down
ip netns list | grep -qw "$foreign" || fail "the foreign namespace $foreign was removed"
ip netns del "$foreign"
left=$(our_objects)
[[ -z $left ]] || fail "left behind: $left"
echo "ok: every refusal left the machine as it was"
