#!/usr/bin/env bash
# receive_vs_jaeger.sh [REQUESTS] [CONNECTIONS] [ROUNDS] — `ttaobs receive` against the real Jaeger
# all-in-one (memory store) ingesting the same OTLP/protobuf batches (512 spans, 10 attributes each,
# bench/otlp_batch.py) driven by the same load generator (bench/otlp_load.cpp, built with the bench
# targets: REQUESTS requests over CONNECTIONS keep-alive connections, each request's 8 traces new),
# alternately, ROUNDS times each.
# Prints each round, the median and best rates and their ratios (and the slowest ttaobs round
# against Jaeger's best, the most cautious reading), and ttaobs' RSS per retained span (VmRSS after
# all rounds minus before, over the spans it holds). Before each round both receivers are left to
# settle (no CPU used for 0.5 s). Jaeger runs from scripts/stack on the
# TTAOBS_STACK_* ports of the environment (set them off the defaults on a shared machine); the
# script starts it when it is not up and stops it again. Needs scripts/setup's Python venv (to write
# the batch) and a build with the bench targets (TTAOBS_BUILD_BENCH, on by default; TTAOBS_OTLP_LOAD names the generator elsewhere).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
requests=${1:-1000} connections=${2:-4} rounds=${3:-2}
bin=${TTAOBS_BIN:-$root/build/ttaobs}
generator=${TTAOBS_OTLP_LOAD:-$(dirname "$bin")/bench/otlp_load}
[[ -x $generator ]] || { echo "no load generator at $generator: build the bench targets (TTAOBS_BUILD_BENCH=ON)" >&2; exit 1; }
python=${TTAOBS_PYTHON_OTEL:-${XDG_CACHE_HOME:-$HOME/.cache}/ttaobs/python-otel/bin/python}
work=$(mktemp -d)
export TTAOBS_STACK_DIR=${TTAOBS_STACK_DIR:-$work/stack}
otlp_port=${TTAOBS_STACK_OTLP_HTTP_PORT:-4318}
started_jaeger=0 receiver=""
cleanup() {
  [[ -z $receiver ]] || { kill "$receiver" 2>/dev/null || true; wait "$receiver" 2>/dev/null || true; }
  ((started_jaeger == 0)) || "$root/scripts/stack" down jaeger >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
"$python" "$root/bench/otlp_batch.py" "$work/batch.pb" 512
if ! curl -fsS -o /dev/null "http://127.0.0.1:${TTAOBS_STACK_JAEGER_PORT:-16686}/api/services" 2>/dev/null; then
  "$root/scripts/stack" up jaeger >&2
  started_jaeger=1
fi
jaeger_pid=$(cat "$TTAOBS_STACK_DIR/jaeger.pid" 2>/dev/null || true)

"$bin" receive --listen 127.0.0.1:0 --out /dev/null --max-spans 50000000 >"$work/listen.txt" 2>"$work/receive.log" &
receiver=$!
for _ in $(seq 100); do grep -q listening "$work/listen.txt" 2>/dev/null && break; sleep 0.05; done
port=$(sed -n 's/^listening on http:\/\/127.0.0.1:\([0-9]*\)$/\1/p' "$work/listen.txt")
[[ -n $port ]] || { cat "$work/receive.log" >&2; echo "ttaobs receive did not start" >&2; exit 1; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
settle() { # until neither receiver has used CPU for 0.5 s (at most 10 s): Jaeger keeps working for
  # about a second after its last answer, and that must not be charged to the next round
  local last now
  for _ in $(seq 20); do
    last="$(cpu_ticks "$receiver") $( [[ -n $jaeger_pid ]] && cpu_ticks "$jaeger_pid")"
    sleep 0.5
    now="$(cpu_ticks "$receiver") $( [[ -n $jaeger_pid ]] && cpu_ticks "$jaeger_pid")"
    [[ $now == "$last" ]] && return
  done
}
before=$(rss_kib "$receiver")

load() { "$generator" "$1" "$work/batch.pb" 512 "$2" "$connections"; }
load "http://127.0.0.1:$port/v1/traces" 20 >/dev/null # warm-up (its spans are retained and counted)
load "http://127.0.0.1:$otlp_port/v1/traces" 20 >/dev/null
retained=$((20 / connections * connections * 512))
best_ttaobs=0 best_jaeger=0 rates_ttaobs="" rates_jaeger=""
for round in $(seq "$rounds"); do
  for target in jaeger ttaobs; do
    url="http://127.0.0.1:$otlp_port/v1/traces"
    [[ $target == ttaobs ]] && url="http://127.0.0.1:$port/v1/traces"
    settle
    line=$(load "$url" "$requests")
    echo "round $round $target: $line"
    rate=$(jq -r .spans_per_s <<<"$line")
    [[ $(jq -r .ok <<<"$line") == $((requests / connections * connections)) ]] || { echo "$target refused requests" >&2; exit 1; }
    if [[ $target == ttaobs ]]; then
      retained=$((retained + $(jq -r .ok <<<"$line") * 512))
      ((rate > best_ttaobs)) && best_ttaobs=$rate
      rates_ttaobs+="$rate "
    else
      ((rate > best_jaeger)) && best_jaeger=$rate
      rates_jaeger+="$rate "
    fi
  done
done
after=$(rss_kib "$receiver")
echo
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
slowest_ttaobs=$(tr ' ' '\n' <<<"$rates_ttaobs" | grep . | sort -n | head -1)
echo "median: ttaobs receive $(median "$rates_ttaobs") spans/s, Jaeger $(median "$rates_jaeger") spans/s:" \
  "$(ratio "$(median "$rates_ttaobs")" "$(median "$rates_jaeger")")×; slowest ttaobs round against Jaeger's best: $(ratio "$slowest_ttaobs" "$best_jaeger")×"
echo "best: ttaobs receive $best_ttaobs spans/s, Jaeger $best_jaeger spans/s: $(awk -v a="$best_ttaobs" -v b="$best_jaeger" 'BEGIN { printf "%.1f", a / b }')× (goal ≥ 5×)"
echo "ttaobs RSS: $((before / 1024)) MiB before, $((after / 1024)) MiB after $retained retained spans:" \
  "$(awk -v a="$after" -v b="$before" -v n="$retained" 'BEGIN { printf "%.0f", (a - b) * 1024 / n }') bytes/span (goal ≤ 300)"
[[ -z $jaeger_pid ]] || echo "Jaeger RSS: $(($(rss_kib "$jaeger_pid") / 1024)) MiB"
