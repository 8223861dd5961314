#!/usr/bin/env bash
# The pipeline probe against the real Jaeger (issue 15, item 2): canaries sent over OTLP/HTTP to
# the stack's Jaeger are queryable, with latency and throughput figures; a black-holing pipeline
# (tests/integration/blackhole_otlp.py answers 200 and drops everything, the real Jaeger is the
# query side) fails "accepted … but never queryable"; a stopped Jaeger fails "not accepted …
# connection refused" (exit 3: nothing could be reached). Jaeger is started again at the end.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$here/../..
stack=$root/scripts/stack
reports=$TTAOBS_REPORTS/probe
mkdir -p "$reports"
eval "$("$stack" env | sed 's/^/export /')"
otlp=http://127.0.0.1:${TTAOBS_STACK_OTLP_HTTP_PORT:-4318}
fail() { echo "FAIL [probe]: $*" >&2; exit 1; }
command -v python3 >/dev/null || { echo "SKIP: python3 is needed for the black-hole receiver"; exit 77; }

probe() { # probe NAME [flags...] -> sets rc; reports in $reports/NAME.{txt,json,xml}
  local name=$1; shift
  rc=0
  timeout 120 "$TTAOBS_BIN" probe --no-color --json "$reports/$name.json" --junit "$reports/$name.xml" "$@" \
    >"$reports/$name.txt" 2>&1 || rc=$?
  [[ $rc != 124 ]] || fail "$name: ttaobs probe did not finish within 120s"
  xmllint --noout --schema "$TTAOBS_XSD" "$reports/$name.xml" 2>/dev/null || fail "$name: JUnit report is not valid"
}
expect() { # expect NAME RC SUBSTRING
  [[ $rc == "$2" ]] || { cat "$reports/$1.txt" >&2; fail "$1: exit $rc, expected $2"; }
  grep -qF -- "$3" "$reports/$1.txt" || { cat "$reports/$1.txt" >&2; fail "$1: output lacks '$3'"; }
}

# 1. The real pipeline: latency of 20 canaries, and 100 spans/s for 2 s read back.
probe real --otlp-url "$otlp" --count 20 --max-p95 2s --rate 100 --duration 2 --max-lag 5s
expect real 0 "20 canaries queryable: p50 "
grep -qF "delivered 200 of 200 spans (100.0%)" "$reports/real.txt" || { cat "$reports/real.txt"; fail "real: throughput"; }
jq -e '[.checks[] | select(.status == "pass")] | length == 2' "$reports/real.json" >/dev/null || fail "real: JSON"
echo "real Jaeger: $(jq -r '.checks[] | "\(.id): \(.message)"' "$reports/real.json" | tr '\n' ';')"
# The example suite (the seed's KPIs) under validate: the probe.* kinds run as evidence. Its 100 ms
# p95 bound is the seed's claim, not this stack's: Jaeger's batch processor holds spans up to
# 200 ms, so the latency check may fail (exit 1); it must have measured, and throughput must pass.
rc=0
timeout 120 "$TTAOBS_BIN" validate --suite "$root/examples/pipeline-probe.yaml" --otlp-url "$otlp" --no-color \
  --json "$reports/suite.json" >"$reports/suite.txt" 2>&1 || rc=$?
[[ $rc == 0 || $rc == 1 ]] || { cat "$reports/suite.txt" >&2; fail "suite: exit $rc"; }
jq -e '.checks[] | select(.id == "pipeline/export-latency") | .message | test("10 canaries queryable: p50 ")' \
  "$reports/suite.json" >/dev/null || { cat "$reports/suite.txt" >&2; fail "suite: no latency measured"; }
jq -e '.checks[] | select(.id == "pipeline/throughput") | .status == "pass"' "$reports/suite.json" >/dev/null \
  || { cat "$reports/suite.txt" >&2; fail "suite: throughput did not pass"; }
echo "example suite (exit $rc): $(jq -r '.checks[] | "\(.id) \(.status): \(.message)"' "$reports/suite.json" | tr '\n' ';')"

# 2. A black hole: the OTLP endpoint answers 200 and drops everything; Jaeger is asked.
python3 "$here/blackhole_otlp.py" 0 "$reports/blackhole.port" &
hole=$!
trap 'kill $hole 2>/dev/null || true; "$stack" up jaeger >/dev/null 2>&1 || true' EXIT
for _ in $(seq 50); do [[ -s $reports/blackhole.port ]] && break; sleep 0.1; done
[[ -s $reports/blackhole.port ]] || fail "the black-hole receiver did not start"
hole_url=http://127.0.0.1:$(cat "$reports/blackhole.port")
probe blackhole --otlp-url "$hole_url" --count 3 --within 2
expect blackhole 1 "canary accepted by $hole_url/v1/traces but never queryable at $TTAOBS_JAEGER_URL/ within 2s"
probe blackhole-rate --otlp-url "$hole_url" --count 1 --within 1 --rate 50 --duration 0.5
expect blackhole-rate 1 "never queryable at $TTAOBS_JAEGER_URL/ within 1s"
kill $hole

# 3. A stopped Jaeger: nothing takes the canary.
"$stack" down jaeger
probe stopped --otlp-url "$otlp" --count 3
expect stopped 3 "canary not accepted: connection refused from $otlp/v1/traces"
"$stack" up jaeger
