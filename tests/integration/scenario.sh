#!/usr/bin/env bash
# One integration scenario against the running stack: puts the stack into the scenario's state,
# runs the real ttaobs binary, and asserts its exit code, per-check verdicts (from --json) and
# messages, and that the JUnit report validates against the XSD.
# Usage: scenario.sh NAME   (environment from tests/integration/CMakeLists.txt)
set -euo pipefail
scenario=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
stack=$here/../../scripts/stack
reports=$TTAOBS_REPORTS/$scenario
mkdir -p "$reports"
eval "$("$stack" env | sed 's/^/export /')"

fail() { echo "FAIL [$scenario]: $*" >&2; exit 1; }

# ttaobs under a hard time limit: a hang fails the test instead of stalling CI.
run() { # run NAME [flags...] -> sets rc; reports in $reports/NAME.{json,xml,txt}
  local name=$1; shift
  rc=0
  timeout 120 "$TTAOBS_BIN" validate --json "$reports/$name.json" --junit "$reports/$name.xml" "$@" \
    >"$reports/$name.txt" 2>&1 || rc=$?
  [[ $rc != 124 ]] || fail "$name: ttaobs did not finish within 120s"
  xmllint --noout --schema "$TTAOBS_XSD" "$reports/$name.xml" 2>/dev/null || fail "$name: JUnit report is not valid against junit-10.xsd"
  jq -e . "$reports/$name.json" >/dev/null || fail "$name: JSON report does not parse"
}
expect_rc() { [[ $rc == "$1" ]] || { cat "$reports/$2.txt" >&2; fail "$2: exit $rc, expected $1"; }; }
status_of() { jq -r --arg id "$2" '.checks[] | select(.id == $id) | .status' "$reports/$1.json"; }
message_of() { jq -r --arg id "$2" '.checks[] | select(.id == $id) | .message' "$reports/$1.json"; }
# expect_statuses RUN STATUS_FOR_OTHERS ID=STATUS...
expect_statuses() {
  local name=$1 others=$2; shift 2
  local id want got
  for id in $(jq -r '.checks[].id' "$reports/$name.json"); do
    want=$others
    for pair in "$@"; do [[ ${pair%%=*} == "$id" ]] && want=${pair#*=}; done
    got=$(status_of "$name" "$id")
    [[ $got == "$want" ]] || { cat "$reports/$name.txt" >&2; fail "$name: $id is $got, expected $want"; }
  done
}
expect_message() { # expect_message RUN ID SUBSTRING
  local got; got=$(message_of "$1" "$2")
  [[ $got == *"$3"* ]] || fail "$1: $2 says '$got', expected it to mention '$3'"
}

# Restarts the demo workload in MODE and waits (bounded) until Prometheus has its fresh series
# and the newest trace shows the mode (root-span verdict).
switch_demo() { # switch_demo MODE ROOT_SPAN_EXIT
  "$stack" down demo
  TTAOBS_DEMO_MODE=$1 "$stack" up demo
  "$TTAOBS_BIN" validate --only metrics/cache-hits,metrics/requests-total --wait 60 --interval 0.3 >/dev/null \
    || fail "metrics did not come back after switching the demo to $1"
  for _ in $(seq 150); do
    local got=0
    "$TTAOBS_BIN" validate --only trace/root-span >/dev/null || got=$?
    # the mode shows; wait out the settle window (--settle, 2 s), so that every trace validate
    # may judge (the newest settled ones) is of the new mode
    [[ $got == "$2" ]] && { sleep 3; return 0; }
    sleep 0.2
  done
  fail "the newest trace never showed demo mode $1"
}

case $scenario in
  healthy)
    # a second stack on the same ports must refuse clearly, and leave the running one alone
    out=$(TTAOBS_STACK_DIR=$reports/second-stack "$stack" up prometheus 2>&1) && fail "a second stack started on taken ports"
    [[ $out == *"port $TTAOBS_STACK_PROMETHEUS_PORT (prometheus) is already in use on 127.0.0.1"* ]] \
      || fail "taken port: unclear message: $out"
    run healthy --wait 60
    expect_rc 0 healthy
    expect_statuses healthy pass
    # Jaeger v2 traces its own queries unless told not to (enable_tracing): after all the queries
    # above, its store must hold no service of its own (hardening item 18)
    services=$(curl -fsS --max-time 5 "$TTAOBS_JAEGER_URL/api/services")
    [[ $services != *'"jaeger'* ]] || fail "Jaeger's own spans are in its trace store: $services"
    # lint-metrics reads the real exporter (and Prometheus' own Go exposition) as promtool would
    lint() { # lint NAME ARGS... -> sets rc
      local name=$1; shift
      rc=0
      timeout 60 "$TTAOBS_BIN" lint-metrics "$@" --junit "$reports/$name.xml" >"$reports/$name.out" 2>&1 || rc=$?
      xmllint --noout --schema "$TTAOBS_XSD" "$reports/$name.xml" 2>/dev/null || fail "$name: JUnit report is not valid"
    }
    lint lint-demo "$TTAOBS_METRICS_URL"
    [[ $rc == 0 ]] || { cat "$reports/lint-demo.out" >&2; fail "lint-demo: exit $rc, the demo exposition should be clean"; }
    # --extended: the exporter's "# UNIT … s" comments do not match the *_seconds names
    lint lint-demo-extended "$TTAOBS_METRICS_URL" --extended --format json
    [[ $rc == 3 ]] || fail "lint-demo-extended: exit $rc, expected 3"
    jq -e '.cardinality.top[0].family == "tta_execution_duration_seconds" and
           ([.problems[].rule] | unique) == ["unit-suffix"]' \
      "$reports/lint-demo-extended.out" >/dev/null || fail "lint-demo-extended: unexpected report"
    lint lint-prometheus "$TTAOBS_PROMETHEUS_URL/metrics"
    [[ $rc == 0 || $rc == 3 ]] || { cat "$reports/lint-prometheus.out" >&2; fail "lint-prometheus: exit $rc"; }
    curl -fsS "$TTAOBS_PROMETHEUS_URL/metrics" >"$reports/prometheus-metrics.txt"
    if command -v promtool >/dev/null; then
      prc=0; promtool check metrics <"$reports/prometheus-metrics.txt" 2>/dev/null || prc=$?
      lint lint-prometheus-file "$reports/prometheus-metrics.txt"
      [[ $rc == "$prc" ]] || fail "lint-prometheus-file: exit $rc, promtool says $prc"
    fi
    grep -q "^14 passed, 0 failed, 0 warnings, 0 errors" "$reports/healthy.txt" || fail "healthy: summary line"
    # the same stack through api_v3 (auto) with the span-tree conformance checks, then v1 explicitly
    run conformance --suite conformance --wait 60
    expect_rc 0 conformance
    expect_statuses conformance pass
    jq -e '.checks[0].evidence_url | contains("/api/v3/traces?")' "$reports/conformance.json" >/dev/null \
      || fail "conformance: auto should have used Jaeger api_v3"
    run conformance-v1 --suite conformance --jaeger-api v1 --traces 3 --quantifier all --wait 60
    expect_rc 0 conformance-v1
    expect_message conformance-v1 trace/max-depth "3/3 traces pass (expected all)"
    # the seed's expectations as a suite file: green, its companions warn, its deferred checks wait
    example=$here/../../examples/observability-demo.yaml
    GRAFANA_URL=http://127.0.0.1:9 PUSHGATEWAY_URL=http://127.0.0.1:9 run example --suite "$example" --wait 60
    expect_rc 0 example
    expect_statuses example pass health/grafana=warn health/pushgateway=warn \
      deferred/llm-tokens=skip deferred/router-decisions=skip
    expect_message example health/pushgateway "connection refused"
    expect_message example deferred/llm-tokens "optional: runs only when --only names it"
    jq -e '(.checks | length) == 29 and ([.checks[].id] | index("trace/root-span")) == 1' "$reports/example.json" \
      >/dev/null || fail "example: not foundation's 14 checks first, then its own 15"
    run example-deferred --suite "$example" --only deferred
    expect_rc 1 example-deferred
    expect_statuses example-deferred skip deferred/llm-tokens=fail deferred/router-decisions=fail
    # ttaobs trace against the live Jaeger
    timeout 60 "$TTAOBS_BIN" trace >"$reports/trace.txt" || fail "trace: exit $?"
    grep -q "^demo.workflow_execution " "$reports/trace.txt" || fail "trace: no root line"
    timeout 60 "$TTAOBS_BIN" trace --operation demo.workflow_execution --format json >"$reports/trace.json" || fail "trace --format json"
    jq -e '.max_depth >= 4 and (.roots | length) == 1' "$reports/trace.json" >/dev/null || fail "trace json: depth/roots"
    ;;
  collector-down)
    # Jaeger restarted without its health_check extension: only the collector check may notice.
    "$stack" down jaeger
    TTAOBS_STACK_JAEGER_HEALTHCHECK=0 "$stack" up jaeger
    run lenient --wait 60
    expect_rc 0 lenient
    expect_statuses lenient pass health/collector=warn
    expect_message lenient health/collector "connection refused"
    run strict --strict
    expect_rc 1 strict
    grep -q '<failure type="warn"' "$reports/strict.xml" || fail "strict: JUnit should carry the warning as a failure"
    "$stack" down jaeger
    "$stack" up jaeger
    ;;
  wrapped-root)
    switch_demo wrapped-root 1
    run wrapped
    expect_rc 1 wrapped
    expect_statuses wrapped pass trace/root-span=fail
    expect_message wrapped trace/root-span "exists but is not a root: its parent is 'POST /workflows/run'"
    ;;
  broken-propagation)
    switch_demo broken-propagation 1
    run broken
    expect_rc 1 broken
    expect_statuses broken pass trace/span-count=fail trace/root-span=fail trace/sequential-span=fail trace/step-spans=fail
    expect_message broken trace/root-span "context propagation may be broken"
    expect_message broken trace/span-count "(expected ≥ 5)"
    run broken-conformance --suite conformance --only trace/max-depth,trace/single-root,trace/link-integrity
    expect_rc 1 broken-conformance
    expect_statuses broken-conformance skip trace/max-depth=fail trace/single-root=fail trace/link-integrity=pass
    ;;
  sparse-labels)
    "$stack" down demo prometheus
    TTAOBS_DEMO_MODE=sparse-labels TTAOBS_STACK_FRESH=1 "$stack" up prometheus demo
    run sparse --wait 60 --skip labels/primitive-type-diversity,labels/status-success
    expect_rc 0 sparse
    run sparse-all
    expect_rc 1 sparse-all
    expect_statuses sparse-all pass labels/primitive-type-diversity=fail labels/status-success=fail
    expect_message sparse-all labels/primitive-type-diversity "1 distinct primitive_type value (expected ≥ 4): MockPrimitive"
    expect_message sparse-all labels/status-success "no series with status=\"success\""
    ;;
  demo-down)
    # the workload dies: Prometheus' own view (up, targets) and the exposition tell why
    "$stack" down demo
    for _ in $(seq 100); do
      rc=0; "$TTAOBS_BIN" validate --suite conformance --only metrics/targets-healthy >/dev/null || rc=$?
      [[ $rc == 1 ]] && break
      sleep 0.2
    done
    run demodown --suite conformance --timeout 2
    expect_rc 1 demodown
    for id in metrics/scrape-up metrics/targets-healthy health/metrics-endpoint; do
      [[ $(status_of demodown "$id") == fail ]] || fail "demodown: $id should fail"
    done
    [[ $(status_of demodown metrics/exposition-families) == error ]] || fail "demodown: exposition-families should error"
    [[ $(status_of demodown metrics/exposition-lint) == error ]] || fail "demodown: exposition-lint should error"
    rc=0; out=$(timeout 60 "$TTAOBS_BIN" lint-metrics "$TTAOBS_METRICS_URL" --timeout 2 2>&1) || rc=$?
    [[ $rc == 1 && $out == *"connection refused"* ]] || fail "lint-metrics on a dead exporter: exit $rc: $out"
    expect_message demodown metrics/targets-healthy "connect: connection refused"
    expect_message demodown metrics/scrape-up "up is 0 for 1 of 1 target of job \"tta-primitives\""
    "$stack" up demo
    ;;
  prometheus-down)
    "$stack" down prometheus
    run promdown --timeout 2
    expect_rc 1 promdown
    expect_statuses promdown pass \
      metrics/requests-total=error metrics/workflow-executions=error metrics/cache-hits=error \
      metrics/duration-buckets=error labels/primitive-type-diversity=error labels/status-success=error \
      health/prometheus=fail
    expect_message promdown metrics/requests-total "GET $TTAOBS_PROMETHEUS_URL/api/v1/query?query=tta_requests_total: connection refused"
    ;;
  *)
    fail "unknown scenario"
    ;;
esac
echo "ok [$scenario]"
