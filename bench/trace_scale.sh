#!/usr/bin/env bash
# The 1,000,000-span scale benchmark of issue 5, all measured in the same run on the same file:
#   jq          span count + max depth with bench/span_depth.jq (how it is done with jq today)
#   simdjson    DOM parse only, and an On-Demand pass reading every span id (fast-parser yardsticks)
#   ttaobs      map + parse + span tree + all eight trace checks (bench/trace_bench full), peak RSS
# Usage: bench/trace_scale.sh [SPANS] [RUNS]   (default 1000000 spans, 3 runs of the fast ones)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
spans=${1:-1000000}
runs=${2:-3}
bin=$root/build/bench
dir=${TMPDIR:-/tmp}/ttaobs-trace-scale
mkdir -p "$dir"
file=$dir/jaeger-$spans.json
[[ -s $file ]] || "$bin/gen_jaeger_trace" "$spans" >"$file"
size=$(stat -c %s "$file")
echo "file: $file ($(awk -v s="$size" 'BEGIN { printf "%.1f MB", s / 1e6 }'), $spans spans)"

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
run_median() { # run_median MODE -> "seconds rss_mib"
  local out secs=() rss=()
  for ((i = 0; i < runs; i++)); do
    out=$("$bin/trace_bench" "$1" "$file")
    secs+=("$(field seconds <<<"$out")")
    rss+=("$(field peak_rss_mib <<<"$out")")
  done
  echo "$(printf '%s\n' "${secs[@]}" | median) $(printf '%s\n' "${rss[@]}" | median)"
}

read -r t_full rss_full < <(run_median full)
read -r t_dom rss_dom < <(run_median parse)
read -r t_od rss_od < <(run_median ondemand)
ours=$("$bin/trace_bench" full "$file" | sed -n 's/.*spans=\([0-9]*\) depth=\([0-9]*\).*/[\1,\2]/p')
start=$(date +%s.%N)
theirs=$(jq -c -f "$root/bench/span_depth.jq" "$file")
t_jq=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
[[ $ours == "$theirs" ]] || { echo "bench: ttaobs says $ours, jq says $theirs" >&2; exit 1; }

awk -v f="$t_full" -v r="$rss_full" -v d="$t_dom" -v rd="$rss_dom" -v o="$t_od" -v ro="$rss_od" -v j="$t_jq" \
    -v size="$size" -v answer="$ours" 'BEGIN {
  mb = size / 1048576
  printf "span count and max depth: %s (jq agrees)\n", answer
  printf "jq 1.6 span_depth.jq          %8.2f s  (%.0f MB/s)\n", j, size / 1e6 / j
  printf "simdjson DOM parse only       %8.2f s  peak RSS %6.0f MiB (%.2fx file)\n", d, rd, rd / mb
  printf "simdjson On-Demand id scan    %8.2f s  peak RSS %6.0f MiB (%.2fx file)\n", o, ro, ro / mb
  printf "ttaobs parse+tree+8 checks    %8.2f s  peak RSS %6.0f MiB (%.2fx file)\n", f, r, r / mb
  printf "ttaobs vs jq: %.1fx faster; vs simdjson DOM parse: %.2fx its time; vs On-Demand scan: %.2fx its time\n", j / f, f / d, f / o
}'
