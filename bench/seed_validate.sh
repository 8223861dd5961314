#!/usr/bin/env bash
# The script ttaobs replaces, written the way teams write it today: one curl per check, jq per
# assertion, sequential. Used only as the baseline in bench/validate_vs_shell.sh.
JAEGER=${TTAOBS_JAEGER_URL:-http://localhost:16686}
PROM=${TTAOBS_PROMETHEUS_URL:-http://localhost:9090}
METRICS=${TTAOBS_METRICS_URL:-http://localhost:9464/metrics}
SERVICE=${TTAOBS_SERVICE:-observability-demo}
pass=0 fail=0
check() { if eval "$2"; then echo "PASS $1"; pass=$((pass + 1)); else echo "FAIL $1"; fail=$((fail + 1)); fi; }
traces() { curl -s --max-time 5 "$JAEGER/api/traces?service=$SERVICE&limit=1"; }
query() { curl -s --max-time 5 "$PROM/api/v1/query?query=$1"; }

check "trace span count >= 5" '[ "$(traces | jq ".data[0].spans | length")" -ge 5 ]'
check "root span demo.workflow_execution" '[ "$(traces | jq "[.data[0].spans[] | select(.operationName == \"demo.workflow_execution\" and (.references | length) == 0)] | length")" -ge 1 ]'
check "sequential primitive span" '[ "$(traces | jq "[.data[0].spans[] | select(.operationName == \"primitive.sequential.execute\")] | length")" -ge 1 ]'
check "step spans >= 2" '[ "$(traces | jq "[.data[0].spans[] | select(.operationName | test(\"^primitive.sequential.step_[0-9]+$\"))] | length")" -ge 2 ]'
check "tta_requests_total available" '[ "$(query tta_requests_total | jq ".data.result | length")" -ge 1 ]'
check "tta_workflow_executions_total available" '[ "$(query tta_workflow_executions_total | jq ".data.result | length")" -ge 1 ]'
check "tta_cache_hits_total available" '[ "$(query tta_cache_hits_total | jq ".data.result | length")" -ge 1 ]'
check "tta_execution_duration_seconds buckets" '[ "$(query tta_execution_duration_seconds_bucket | jq ".data.result | length")" -ge 1 ]'
check "primitive_type diversity >= 4" '[ "$(query tta_requests_total | jq "[.data.result[].metric.primitive_type] | unique | length")" -ge 4 ]'
check "status=success present" '[ "$(query tta_requests_total | jq "[.data.result[] | select(.metric.status == \"success\")] | length")" -ge 1 ]'
check "Jaeger UI 200" '[ "$(curl -s -o /dev/null -w "%{http_code}" --max-time 5 "$JAEGER/")" = 200 ]'
check "Prometheus UI 200" '[ "$(curl -s -L -o /dev/null -w "%{http_code}" --max-time 5 "$PROM/")" = 200 ]'
check "metrics endpoint 200" '[ "$(curl -s -o /dev/null -w "%{http_code}" --max-time 5 "$METRICS")" = 200 ] && curl -s --max-time 5 "$METRICS" | grep -q "^tta_"'
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
