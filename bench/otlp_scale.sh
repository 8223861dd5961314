#!/usr/bin/env bash
# Issue 12 item 2, all measured in the same run:
#   1. the same SPANS-span trace as Jaeger v1 JSON and as Jaeger api_v3 (OTLP/JSON), each mapped,
#      parsed, tree-built and checked by `trace_bench full` (what `ttaobs trace --from-file` does):
#      OTLP time against v1 time (goal ≤ 1.5×) and OTLP peak RSS against its file size (goal ≤ 0.5×);
#   2. a 65 MB deeply nested Prometheus answer served on loopback (bench/serve_body.py):
#      `ttaobs validate --timeout 2` must refuse it within the timeout (+1 s), at ≤ 128 MiB for one
#      query (`--only`); the whole foundation and conformance suites are reported as well.
# Usage: bench/otlp_scale.sh [SPANS] [RUNS]   (default 1000000 spans, 3 runs; BUILD=dir, default build/)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
spans=${1:-1000000}
runs=${2:-3}
build=${BUILD:-$root/build}
dir=${TMPDIR:-/tmp}/ttaobs-otlp-scale
mkdir -p "$dir"
v1=$dir/jaeger-$spans.json
v3=$dir/otlp-$spans.json
[[ -s $v1 ]] || "$build/bench/gen_jaeger_trace" "$spans" 42 jaeger >"$v1"
[[ -s $v3 ]] || "$build/bench/gen_jaeger_trace" "$spans" 42 otlp >"$v3"
mb() { awk -v s="$(stat -c %s "$1")" 'BEGIN { printf "%.1f", s / 1048576 }'; }
echo "files: $v1 ($(mb "$v1") MiB), $v3 ($(mb "$v3") MiB), $spans spans each"

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
declare -A secs rss answer
for ((i = 0; i < runs; i++)); do # interleaved, so both see the same machine
  for f in "$v1" "$v3"; do
    out=$("$build/bench/trace_bench" full "$f")
    secs[$f]+="$(field seconds <<<"$out") "
    rss[$f]+="$(field peak_rss_mib <<<"$out") "
    answer[$f]=$(sed -n 's/.*spans=\([0-9]*\) depth=\([0-9]*\).*/\1 spans, depth \2/p' <<<"$out")
  done
done
[[ ${answer[$v1]} == "${answer[$v3]}" ]] || { echo "bench: v1 says ${answer[$v1]}, OTLP says ${answer[$v3]}" >&2; exit 1; }
t1=$(tr ' ' '\n' <<<"${secs[$v1]}" | grep . | median); r1=$(tr ' ' '\n' <<<"${rss[$v1]}" | grep . | median)
t3=$(tr ' ' '\n' <<<"${secs[$v3]}" | grep . | median); r3=$(tr ' ' '\n' <<<"${rss[$v3]}" | grep . | median)
awk -v t1="$t1" -v r1="$r1" -v t3="$t3" -v r3="$r3" -v m1="$(mb "$v1")" -v m3="$(mb "$v3")" -v a="${answer[$v1]}" 'BEGIN {
  printf "both: %s\n", a
  printf "Jaeger v1 JSON     %7.2f s  peak RSS %6.0f MiB (%.2fx file)\n", t1, r1, r1 / m1
  printf "api_v3 OTLP JSON   %7.2f s  peak RSS %6.0f MiB (%.2fx file)\n", t3, r3, r3 / m3
  printf "OTLP vs v1: %.2fx the time (goal <= 1.5), %.2fx its file in RSS (goal <= 0.5)\n", t3 / t1, r3 / m3
}'

# 2. the nested Prometheus answer
nested=$dir/nested-prometheus.json
if [[ ! -s $nested ]]; then
  python3 -c 'import sys
head = b"{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
n = (65_000_000 - len(head) - 2) // 2
sys.stdout.buffer.write(head + b"[" * n + b"]" * n + b"}}")' >"$nested"
fi
port_file=$dir/port
python3 "$root/bench/serve_body.py" "$nested" >"$port_file" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do [[ -s $port_file ]] && break; sleep 0.1; done
url=http://127.0.0.1:$(head -n 1 "$port_file")
echo "nested answer: $nested ($(mb "$nested") MiB) served at $url"
run() { # run LABEL ARGS...: wall time, peak RSS, exit code and the first error line of ttaobs validate
  local label=$1; shift
  local log=$dir/time.log
  set +e
  /usr/bin/time -v -o "$log" "$build/ttaobs" validate --jaeger-url "$url" --prometheus-url "$url" \
    --metrics-url "$url/metrics" --collector-url "$url/" --timeout 2 "$@" >"$dir/out.txt" 2>&1
  local code=$?
  set -e
  local wall kib
  wall=$(sed -n 's/.*Elapsed (wall clock) time.*: \(.*\)/\1/p' "$log" | awk -F: '{ print ($1 * 60) + $2 }')
  kib=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
  printf '%-40s %6.2f s  peak RSS %5.0f MiB  exit %d\n' "$label" "$wall" "$((kib / 1024))" "$code"
  grep -m 1 -o 'nesting deeper[^"]*\|timed out[^"]*' "$dir/out.txt" | sed 's/^/    /' || true
}
run "validate --only metrics/requests-total" --only metrics/requests-total
run "validate (foundation suite)"
run "validate --suite conformance" --suite conformance
