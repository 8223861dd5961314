#!/usr/bin/env bash
# `ttaobs trace` on parent→child chains (issue 12, item 1): drawing must stay linear in spans.
# For each depth it writes a Jaeger v1 file holding one chain of N spans (each CHILD_OF the one
# before), then measures with /usr/bin/time -v, in the same run on the same file:
#   ttaobs trace --from-file FILE --format tree|waterfall|json   (output bytes, time, peak RSS)
#   ttaobs validate --suite conformance --from-file FILE --only trace/max-depth
#                                    (the yardstick: the same parse and span tree, one check, no drawing)
# Usage: bench/trace_deep.sh [DEPTH...]   (default 20000 100000; TTAOBS_BIN overrides the binary)
# Goal: 100,000 deep under 2 s and 256 MiB for every format.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${TTAOBS_BIN:-$root/build/ttaobs}
depths=("$@")
[[ ${#depths[@]} -gt 0 ]] || depths=(20000 100000)
dir=${TMPDIR:-/tmp}/ttaobs-trace-deep
mkdir -p "$dir"
[[ -x /usr/bin/time ]] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }

chain() { # chain N > file: one trace, span i the child of span i-1, each nested in its parent
  awk -v n="$1" 'BEGIN {
    t = "da01334c9cc1daafcfd46d124a827233"
    printf "{\"data\":[{\"traceID\":\"%s\",\"spans\":[", t
    for (i = 0; i < n; i++) {
      printf "%s{\"traceID\":\"%s\",\"spanID\":\"%016x\",\"operationName\":\"level_%d\",\"references\":[", i ? "," : "", t, i + 1, i
      if (i > 0) printf "{\"refType\":\"CHILD_OF\",\"traceID\":\"%s\",\"spanID\":\"%016x\"}", t, i
      printf "],\"startTime\":%.0f,\"duration\":%d,\"tags\":[],\"logs\":[],\"processID\":\"p1\"}", 1795533305922000 + i, 2 * (n - i)
    }
    printf "],\"processes\":{\"p1\":{\"serviceName\":\"observability-demo\",\"tags\":[]}}}]}\n"
  }'
}

measure() { # measure LABEL CMD... -> one table row; output bytes counted, exit code checked
  local label=$1 out=$dir/out err=$dir/time rc=0
  shift
  /usr/bin/time -v "$@" >"$out" 2>"$err" || rc=$?
  local secs rss bytes
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$err")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$err")
  bytes=$(stat -c %s "$out")
  printf '%-34s %8.2f s %9s MiB %12s bytes out  exit %s\n' "$label" "$secs" "$rss" "$bytes" "$rc"
}

echo "binary: $bin"
for n in "${depths[@]}"; do
  file=$dir/chain-$n.json
  [[ -s $file ]] || chain "$n" >"$file"
  echo "chain of $n spans: $file ($(stat -c %s "$file") bytes)"
  for format in tree waterfall json; do
    measure "  trace --format $format" "$bin" trace --from-file "$file" --format "$format" --no-color
  done
  measure "  validate --only trace/max-depth" "$bin" validate --suite conformance --from-file "$file" \
    --only trace/max-depth --no-color
done
