#!/usr/bin/env bash
# Issue 15 item 3 on the real stack: the cross-signal checks (examples/cross-signal.yaml) pass on
# scripts/python-app/checkout.py (the stock OTel Python SDK exporting to the stack's real Jaeger,
# prometheus_client serving exemplars and target_info, scraped by a Prometheus of this test's own)
# and fail, each naming what disagrees, on a variant whose exemplars carry trace ids never
# exported, whose target_info names another service and instance, and whose counter counts every
# request twice.
# Its own processes use 31160-31169 (TTAOBS_CROSS_PORT_BASE moves them): below the kernel's
# ephemeral range (32768-60999), so no client connection can hold one; skips (exit 77) without the
# Python SDK and prometheus_client (scripts/setup installs them) or Debian's prometheus.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$here/../..
reports=$TTAOBS_REPORTS/cross-signal
rm -rf "$reports" && mkdir -p "$reports"
eval "$("$root/scripts/stack" env | sed 's/^/export /')"
python=${TTAOBS_PYTHON_OTEL:-${XDG_CACHE_HOME:-$HOME/.cache}/ttaobs/python-otel/bin/python}
if [[ ! -x $python ]] || ! "$python" -c 'import opentelemetry.sdk, prometheus_client' 2>/dev/null; then
  echo "SKIP: the OpenTelemetry Python SDK or prometheus_client is not installed at $python (run scripts/setup)"
  exit 77
fi
command -v prometheus >/dev/null || { echo "SKIP: prometheus not found (scripts/setup: apt-get install prometheus)"; exit 77; }
fail() { echo "FAIL [cross-signal]: $*" >&2; exit 1; }

base=${TTAOBS_CROSS_PORT_BASE:-31160}
good_port=$((base + 1)) bad_port=$((base + 2)) prom_port=$((base + 3))
good=cross-$$ bad=cross-bad-$$
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

app() { # NAME PORT [ENV…]: the checkout service exporting to the stack's Jaeger, metrics on PORT
  local name=$1 port=$2
  shift 2
  env CHECKOUT_OTLP_URL="http://127.0.0.1:${TTAOBS_STACK_OTLP_HTTP_PORT:-4318}/v1/traces" CHECKOUT_SERVICE="$name" \
    CHECKOUT_METRICS_PORT="$port" "$@" "$python" "$root/scripts/python-app/checkout.py" >"$reports/$name.log" 2>&1 &
  pids+=($!)
}
app "$good" "$good_port"
app "$bad" "$bad_port" CHECKOUT_FAKE_EXEMPLARS=1 CHECKOUT_TARGET_SERVICE="$bad-api" CHECKOUT_TARGET_INSTANCE=elsewhere-1 \
  CHECKOUT_COUNTER_STEP=2

cat >"$reports/prometheus.yml" <<YAML
global: {scrape_interval: 1s, evaluation_interval: 1s}
scrape_configs:
  - {job_name: $good, scrape_interval: 1s, scrape_timeout: 1s, static_configs: [{targets: ['127.0.0.1:$good_port']}]}
  - {job_name: $bad, scrape_interval: 1s, scrape_timeout: 1s, static_configs: [{targets: ['127.0.0.1:$bad_port']}]}
YAML
prometheus --config.file="$reports/prometheus.yml" --storage.tsdb.path="$reports/prometheus-data" \
  --web.listen-address="127.0.0.1:$prom_port" --log.level=warn >"$reports/prometheus.log" 2>&1 &
pids+=($!)
prom=http://127.0.0.1:$prom_port

# Ready: both services' traces in Jaeger, and a full counting window scraped (window 20s + slack).
for _ in $(seq 150); do
  ok=1
  for name in "$good" "$bad"; do
    curl -fsS --max-time 2 "$TTAOBS_JAEGER_URL/api/traces?service=$name&limit=1" 2>/dev/null | grep -q '"traceID"' || ok=0
  done
  curl -fsS --max-time 2 "$prom/api/v1/query?query=target_info" 2>/dev/null | grep -q "$bad" || ok=0
  [[ $ok == 1 ]] && break
  for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || { tail -n 20 "$reports"/*.log >&2; fail "a process exited"; }; done
  sleep 0.2
done
[[ $ok == 1 ]] || fail "the services' traces or target_info never arrived"
sleep 24

run() { # NAME SERVICE PORT WAIT: validate the example suite against one service
  local rc=0
  timeout 120 "$TTAOBS_BIN" validate --suite "$root/examples/cross-signal.yaml" --service "$2" --job "$2" \
    --metrics-url "http://127.0.0.1:$3/metrics" --prometheus-url "$prom" --jaeger-url "$TTAOBS_JAEGER_URL" \
    --wait "$4" --json "$reports/$1.json" --junit "$reports/$1.xml" >"$reports/$1.txt" 2>&1 || rc=$?
  echo "$rc"
}
verdict() { # REPORT ID: "status: message" of one check
  python3 -c 'import json, sys
for c in json.load(open(sys.argv[1]))["checks"]:
    if c["id"] == sys.argv[2]: print(c["status"] + ": " + c["message"])' "$1" "$2"
}

rc=$(run pass "$good" "$good_port" 30)
cat "$reports/pass.txt"
[[ $rc == 0 ]] || fail "the agreeing service: exit $rc (expected 0)"
for id in cross/exemplars cross/service-identity cross/requests-vs-spans; do
  [[ $(verdict "$reports/pass.json" $id) == pass:* ]] || fail "$id did not pass: $(verdict "$reports/pass.json" $id)"
done
echo "pass: $(verdict "$reports/pass.json" cross/exemplars)"

rc=$(run fail "$bad" "$bad_port" 5)
cat "$reports/fail.txt"
[[ $rc == 1 ]] || fail "the contradicting service: exit $rc (expected 1)"
expect() { # ID PATTERN: the check failed with a message matching PATTERN
  local got
  got=$(verdict "$reports/fail.json" "$1")
  [[ $got =~ ^fail:\ $2 ]] || fail "$1: expected a failure matching '$2', got: $got"
}
expect cross/exemplars "[0-9]+ of [0-9]+ sampled exemplar trace ids do not resolve in the trace store"
expect cross/service-identity "spans say service.name=$bad, target_info\{job=\"$bad\", instance=\"127.0.0.1:$bad_port\"\} says service_name=$bad-api"
expect cross/requests-vs-spans "[0-9]+ checkout.request spans vs an increase of [0-9.]+ of checkout_requests_total\{route=\"/checkout\"\} over the last 20s: they differ by [0-9.]+% \(more than 15%\)"
grep -q 'not in the trace store' "$reports/fail.json" || fail "the unresolved exemplar ids are not named"
python3 -c 'import json, sys
for c in json.load(open(sys.argv[1]))["checks"]:
    if c["id"] == "cross/service-identity": print("\n".join(c.get("details", [])))' "$reports/fail.json" \
  | grep -Eq "^spans say service.instance.id=[0-9a-f-]+, target_info\{job=\"$bad\", instance=\"127.0.0.1:$bad_port\"\} says service_instance_id=elsewhere-1$" \
  || fail "the service.instance.id mismatch is not named"
echo "PASS [cross-signal]"
