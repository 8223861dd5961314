#!/usr/bin/env bash
# Issue 15, item 1: `ttaobs validate --receive -- COMMAND` with no backend at all. Real OpenTelemetry
# SDK exporters (JS with JSON and with protobuf, Python with protobuf) send straight to ttaobs'
# receiver; the foundation suite's trace checks judge what arrived; Jaeger and Prometheus point at a
# dead port (31099) to show they are never asked. Usage: receive.sh CASE
#   demo-json | demo-protobuf   the healthy demo workload: exit 0, metric/health checks skipped, saying why;
#                               demo-json also pushes its metrics as OTLP/JSON: the family checks judge them
#   broken-propagation          the demo's flat traces: exit 1, trace checks failed
#   python-protobuf             scripts/python-app/checkout.py (Python SDK, protobuf, traces and
#                               metrics): exit 0; a family it never pushes fails, named as Prometheus would
#   nothing-sent                a command that exports nothing: exit 1, naming where the exporter was pointed
# Skips (exit 77) when node's demo dependencies or the Python SDK are missing (scripts/setup).
set -euo pipefail
case=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$here/../..
reports=$TTAOBS_REPORTS/receive-$case
mkdir -p "$reports"
fail() { echo "FAIL [receive $case]: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }
export TTAOBS_JAEGER_URL=http://127.0.0.1:31099 TTAOBS_PROMETHEUS_URL=http://127.0.0.1:31099 \
  TTAOBS_METRICS_URL=http://127.0.0.1:31099/metrics TTAOBS_COLLECTOR_URL=http://127.0.0.1:31099/
unset OTEL_EXPORTER_OTLP_PROTOCOL OTEL_EXPORTER_OTLP_ENDPOINT
export DEMO_METRICS_PORT=31064 DEMO_PERIOD_MS=150 DEMO_MAX_RUNS=4

run() { # run NAME [validate args...] -> rc; reports in $reports/NAME.{json,xml,txt}
  local name=$1; shift
  rc=0
  timeout 120 "$TTAOBS_BIN" validate --json "$reports/$name.json" --junit "$reports/$name.xml" "$@" \
    >"$reports/$name.txt" 2>&1 || rc=$?
  [[ $rc != 124 ]] || fail "$name: ttaobs did not finish within 120s"
  jq -e . "$reports/$name.json" >/dev/null || fail "$name: JSON report does not parse"
  if [[ -n ${TTAOBS_XSD:-} ]]; then
    xmllint --noout --schema "$TTAOBS_XSD" "$reports/$name.xml" 2>/dev/null || fail "$name: JUnit report is not valid"
  fi
}
expect_rc() { [[ $rc == "$1" ]] || { cat "$reports/$2.txt" >&2; fail "$2: exit $rc, expected $1"; }; }
status_of() { jq -r --arg id "$2" '.checks[] | select(.id == $id) | .status' "$reports/$1.json"; }
message_of() { jq -r --arg id "$2" '.checks[] | select(.id == $id) | .message' "$reports/$1.json"; }
expect_status() { # expect_status RUN ID STATUS
  local got; got=$(status_of "$1" "$2")
  [[ $got == "$3" ]] || { cat "$reports/$1.txt" >&2; fail "$1: $2 is '$got', expected $3"; }
}
trace_checks=(trace/span-count trace/root-span trace/sequential-span trace/step-spans)
need_demo() {
  command -v node >/dev/null || skip "node is not installed"
  [[ -d $root/scripts/demo-app/node_modules/@opentelemetry/exporter-trace-otlp-proto ]] ||
    skip "demo-app dependencies missing (scripts/setup: npm ci in scripts/demo-app)"
}
demo() { # demo RUN MODE PROTOCOL
  run "$1" --suite foundation --receive 127.0.0.1:0 -- \
    env DEMO_MODE="$2" DEMO_OTLP_PROTOCOL="$3" node "$root/scripts/demo-app/app.js"
}
expect_skipped_without_backend() {
  expect_status "$1" metrics/requests-total skip
  [[ $(message_of "$1" metrics/requests-total) == *"this run has no Prometheus (--receive)"* ]] ||
    fail "$1: a Prometheus check does not say this run has no Prometheus"
  expect_status "$1" health/metrics-endpoint skip
  expect_status "$1" health/jaeger skip
}

case $case in
demo-json | demo-protobuf)
  need_demo
  protocol=http/json
  [[ $case == demo-protobuf ]] && protocol=http/protobuf
  demo healthy healthy "$protocol"
  expect_rc 0 healthy
  expect_status healthy receive/spans-arrived pass
  for id in "${trace_checks[@]}"; do expect_status healthy "$id" pass; done
  expect_skipped_without_backend healthy
  grep -q "exited 0" "$reports/healthy.txt" || fail "the console does not show the command's exit code"
  grep -q "ttaobs exits 0" "$reports/healthy.txt" || fail "the console does not show ttaobs' own verdict"
  grep -q "($protocol)" "$reports/healthy.txt" || fail "the demo did not export with $protocol"
  if [[ $case == demo-json ]]; then # the JS SDK's OTLP/JSON metrics exporter, judged under Prometheus names
    cat >"$reports/pushed.yaml" <<'YAML'
suite: pushed-js
checks:
  - {id: metrics/workflows, kind: exposition.family, name: tta_workflow_executions, type: counter, labels: [workflow_type]}
  - {id: metrics/duration, kind: exposition.family, name: tta_workflow_duration_seconds, type: histogram, unit: seconds}
  - {id: metrics/families, kind: builtin.metrics.exposition_families, families: [tta_requests, tta_cache_hit_rate]}
  - {id: metrics/llm, kind: exposition.family, name: tta_llm_tokens_total}
YAML
    run pushed --suite "$reports/pushed.yaml" --receive -- \
      sh -c 'DEMO_OTLP_METRICS_URL=$OTEL_EXPORTER_OTLP_ENDPOINT/v1/metrics exec node "$0"' "$root/scripts/demo-app/app.js"
    expect_rc 1 pushed
    for id in metrics/workflows metrics/duration metrics/families; do expect_status pushed "$id" pass; done
    expect_status pushed metrics/llm fail
  fi
  ;;
broken-propagation)
  need_demo
  demo broken broken-propagation http/protobuf
  expect_rc 1 broken
  expect_status broken receive/spans-arrived pass
  expect_status broken trace/root-span fail
  expect_status broken trace/span-count fail
  ;;
python-protobuf)
  python=${TTAOBS_PYTHON_OTEL:-${XDG_CACHE_HOME:-$HOME/.cache}/ttaobs/python-otel/bin/python}
  if [[ ! -x $python ]] || ! "$python" -c 'import opentelemetry.exporter.otlp.proto.http' 2>/dev/null; then
    skip "the OpenTelemetry Python SDK is not installed at $python (run scripts/setup)"
  fi
  export CHECKOUT_MAX_RUNS=4 CHECKOUT_PERIOD_MS=100 CHECKOUT_SERVICE=checkout-receive
  run python --suite conformance --service checkout-receive \
    --only trace/span-count,trace/root-span,trace/link-integrity,trace/single-root,trace/duration-containment \
    --set "trace/root-span.span=checkout.request,trace/single-root.span=checkout.request" --receive -- \
    sh -c 'CHECKOUT_OTLP_URL=$OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces exec "$0" "$1"' "$python" \
    "$root/scripts/python-app/checkout.py"
  expect_rc 0 python
  expect_status python receive/spans-arrived pass
  expect_status python trace/root-span pass
  # the same service pushing its metrics too: the family checks judge them under Prometheus names
  cat >"$reports/pushed.yaml" <<'YAML'
suite: pushed
defaults: {service: checkout-receive}
checks:
  - {id: trace/request-root, kind: trace.spans, select: {name: checkout.request, root: true}, count: {min: 1}}
  - {id: metrics/requests, kind: exposition.family, name: checkout_requests, type: counter, labels: [http_route]}
  - {id: metrics/duration, kind: exposition.family, name: checkout_duration_seconds, type: histogram, unit: seconds}
  - {id: metrics/refunds, kind: exposition.family, name: checkout_refunds_total}
  - {id: metrics/lint, kind: exposition.lint}
YAML
  run pushed --suite "$reports/pushed.yaml" --receive -- sh -c 'CHECKOUT_OTLP_URL=$OTEL_EXPORTER_OTLP_ENDPOINT/v1/traces \
    CHECKOUT_OTLP_METRICS_URL=$OTEL_EXPORTER_OTLP_ENDPOINT/v1/metrics exec "$0" "$1"' "$python" \
    "$root/scripts/python-app/checkout.py"
  expect_rc 1 pushed
  expect_status pushed trace/request-root pass
  expect_status pushed metrics/requests pass
  expect_status pushed metrics/duration pass
  expect_status pushed metrics/refunds fail
  expect_status pushed metrics/lint skip
  [[ $(message_of pushed metrics/refunds) == *"received over OTLP"* ]] ||
    fail "pushed: the missing family does not say it looked at the metrics received over OTLP"
  ;;
nothing-sent)
  run nothing --suite foundation --receive -- sh -c 'echo "exporter at $OTEL_EXPORTER_OTLP_ENDPOINT" >&2; exit 4'
  expect_rc 1 nothing
  expect_status nothing receive/spans-arrived fail
  msg=$(message_of nothing receive/spans-arrived)
  [[ $msg == *"no spans arrived at http://127.0.0.1:"* && $msg == *"observability-demo"* ]] ||
    fail "the failure does not name where the exporter was pointed and what was expected: $msg"
  grep -q "exited 4" "$reports/nothing.txt" || fail "the command's exit code 4 is not shown"
  grep -q "exporter at http://127.0.0.1:" "$reports/nothing.txt" || fail "the command did not see OTEL_EXPORTER_OTLP_ENDPOINT"
  ;;
*) fail "unknown case" ;;
esac
echo "PASS [receive $case]"
