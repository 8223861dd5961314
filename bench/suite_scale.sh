#!/usr/bin/env bash
# A 200-check suite (bench/gen_suite.sh) against the 14-check foundation run on the same running
# local stack: counts the requests each run makes (--verbose) and fails if any request is made
# twice, then times both, interleaved run by run, and prints medians and the ratio (issue 11's goal:
# at most 2x the foundation run). Usage: bench/suite_scale.sh [RUNS]  (default 20; needs
# scripts/setup; TTAOBS_BIN picks the binary, default build/ttaobs)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-20}
ttaobs=${TTAOBS_BIN:-$root/build/ttaobs}
export TTAOBS_STACK_DIR=${TTAOBS_STACK_DIR:-$(mktemp -d /tmp/ttaobs-bench.XXXXXX)}
trap '"$root/scripts/stack" down >/dev/null 2>&1' EXIT
"$root/scripts/stack" up 2>"$TTAOBS_STACK_DIR/up.log" || { cat "$TTAOBS_STACK_DIR/up.log" >&2; exit 1; }
eval "$("$root/scripts/stack" env | sed 's/^/export /')"
suite=$TTAOBS_STACK_DIR/bench-200.yaml
"$root/bench/gen_suite.sh" >"$suite"

# Both must pass before anything is timed.
"$ttaobs" validate --wait 30 >/dev/null || { echo "bench: foundation does not pass on the stack" >&2; exit 1; }
"$ttaobs" validate --suite "$suite" --wait 30 >/dev/null || { echo "bench: the 200-check suite does not pass" >&2; exit 1; }

# Requests of one run: each distinct one once (a trace read's settle re-read has another time window).
requests() { # requests ARGS... -> prints "total distinct"
  "$ttaobs" validate "$@" --verbose 2>&1 >/dev/null | grep 'http: GET' | sed 's/ → .*//; s/start_time_[a-z]*=[^&]*//g' \
    | sort | awk '{ n++; if ($0 != last) d++; last = $0 } END { print n, d }'
}
read -r f_total f_distinct < <(requests)
read -r s_total s_distinct < <(requests --suite "$suite")
dupes=$("$ttaobs" validate --suite "$suite" --verbose 2>&1 >/dev/null | grep 'http: GET' | sed 's/ → .*//' | grep -v '/traces' | sort | uniq -d)
[[ -z $dupes ]] || { echo "bench: requests made twice by the 200-check suite:" >&2; echo "$dupes" >&2; exit 1; }

now_ns() { date +%s%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
t_found=() t_suite=()
for ((i = 0; i < runs; i++)); do
  s=$(now_ns); "$ttaobs" validate >/dev/null; t_found+=($(( $(now_ns) - s )))
  s=$(now_ns); "$ttaobs" validate --suite "$suite" >/dev/null; t_suite+=($(( $(now_ns) - s )))
done
m_found=$(printf '%s\n' "${t_found[@]}" | median)
m_suite=$(printf '%s\n' "${t_suite[@]}" | median)
awk -v f="$m_found" -v s="$m_suite" -v n="$runs" -v fr="$f_total/$f_distinct" -v sr="$s_total/$s_distinct" 'BEGIN {
  printf "runs each (interleaved): %d\n", n
  printf "foundation (14 checks)   median %8.1f ms   requests (total/distinct targets) %s\n", f / 1e6, fr
  printf "bench-200 (200 checks)   median %8.1f ms   requests (total/distinct targets) %s\n", s / 1e6, sr
  printf "ratio: the 200-check suite takes %.2fx the foundation run\n", s / f
}'
