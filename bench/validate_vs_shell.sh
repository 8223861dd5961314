#!/usr/bin/env bash
# Times `ttaobs validate` against bench/seed_validate.sh (bash + curl + jq, one curl per check) on
# the same running local stack, interleaved run by run, and prints medians and the ratio.
# Usage: bench/validate_vs_shell.sh [RUNS]   (default 20; needs scripts/setup)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-20}
export TTAOBS_STACK_DIR=${TTAOBS_STACK_DIR:-$(mktemp -d /tmp/ttaobs-bench.XXXXXX)}
trap '"$root/scripts/stack" down >/dev/null 2>&1' EXIT
TTAOBS_STACK_FRESH=1 "$root/scripts/stack" up 2>"$TTAOBS_STACK_DIR/up.log" || { cat "$TTAOBS_STACK_DIR/up.log" >&2; exit 1; }
eval "$("$root/scripts/stack" env | sed 's/^/export /')"
ttaobs=$root/build/ttaobs
seed=$root/bench/seed_validate.sh

# Both must agree that the stack is healthy before anything is timed.
"$ttaobs" validate --wait 30 >/dev/null || { echo "bench: ttaobs does not pass on the stack" >&2; exit 1; }
bash "$seed" >/dev/null || { echo "bench: the shell script does not pass on the stack" >&2; exit 1; }

now_ns() { date +%s%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
t_tool=() t_seed=()
for ((i = 0; i < runs; i++)); do
  s=$(now_ns); "$ttaobs" validate >/dev/null; t_tool+=($(( $(now_ns) - s )))
  s=$(now_ns); bash "$seed" >/dev/null; t_seed+=($(( $(now_ns) - s )))
done
m_tool=$(printf '%s\n' "${t_tool[@]}" | median)
m_seed=$(printf '%s\n' "${t_seed[@]}" | median)
awk -v t="$m_tool" -v s="$m_seed" -v n="$runs" 'BEGIN {
  printf "runs each (interleaved): %d\n", n
  printf "ttaobs validate           median %8.1f ms\n", t / 1e6
  printf "bash + curl + jq (seed)   median %8.1f ms\n", s / 1e6
  printf "ratio: ttaobs is %.1fx faster\n", s / t
}'
