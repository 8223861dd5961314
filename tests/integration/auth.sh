#!/usr/bin/env bash
# Issue 13 against real processes behind authentication, on ports of its own (28391-28399):
#   - the real Prometheus with --web.config.file: TLS from a CA made here by openssl, a server
#     certificate for "prom.test" only (so --prometheus-server-name is needed on 127.0.0.1) and
#     bcrypt basic auth; a second one demanding a client certificate (mTLS);
#   - the real Jaeger behind auth_proxy.py demanding a bearer token and X-Scope-OrgID;
#   - an exposition endpoint behind auth_proxy.py demanding basic auth (which Prometheus scrapes).
# Each passes with the right options and, without them, fails with the message naming the
# endpoint's flags ("HTTP 401 — check the credentials for --prometheus-url ..."). Bad secret files
# are exit 2 before any request, and no output holds a secret.
# Skips (exit 77) when prometheus, openssl, curl, the Jaeger binary or python3-bcrypt is missing.
set -euo pipefail
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY # loopback only
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$here/../..
bin=${TTAOBS_BIN:-$root/build/ttaobs}
reports=${TTAOBS_REPORTS:-/tmp}/auth
work=$(mktemp -d /tmp/ttaobs-auth.XXXXXX)
mkdir -p "$reports"
jaeger_bin=${TTAOBS_JAEGER_BIN:-${XDG_CACHE_HOME:-$HOME/.cache}/ttaobs/jaeger-v1.76.0}
skip() { echo "SKIP: $*"; exit 77; }
[[ -x $bin ]] || { echo "FAIL [auth]: no ttaobs binary at $bin (set TTAOBS_BIN)" >&2; exit 1; }
for tool in prometheus openssl curl; do command -v $tool >/dev/null || skip "$tool is not installed (run scripts/setup)"; done
[[ -x $jaeger_bin ]] || skip "the Jaeger binary is not at $jaeger_bin (run scripts/setup)"
/usr/bin/python3 -c 'import bcrypt' 2>/dev/null || skip "python3-bcrypt is not installed (run scripts/setup)"

p_tls=28391 p_mtls=28392 p_jaeger=28393 p_expo=28394
j_query=28395 j_grpc=28396 j_health=28397 j_otlp_grpc=28398 j_otlp_http=28399
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL [auth]: $*" >&2; exit 1; }
wait_until() { # wait_until WHAT COMMAND...: up to 30 s
  local what=$1; shift
  for _ in $(seq 150); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  fail "$what did not come up (logs in $reports)"
}
# Runs ttaobs; sets rc, out (stdout+stderr, also in $reports/NAME.txt).
run() {
  local name=$1; shift
  rc=0
  timeout 60 "$bin" "$@" >"$reports/$name.txt" 2>&1 || rc=$?
  out=$(cat "$reports/$name.txt")
}
expect() { # expect NAME RC [SUBSTRING]
  [[ $rc == "$2" ]] || { echo "$out" >&2; fail "$1: exit $rc, expected $2"; }
  [[ -z ${3:-} || $out == *"$3"* ]] || { echo "$out" >&2; fail "$1: output lacks '$3'"; }
}
secrets=(pr0m-Pw-s3cret j4eger-T0ken-s3cret exp0-Pw-s3cret)
clean() { # no output of any run holds a secret
  local s
  for s in "${secrets[@]}"; do
    ! grep -rl -- "$s" "$reports" >/dev/null || fail "a report under $reports holds the secret $s"
  done
}

# --- a CA, a server certificate for prom.test only, and a client certificate -----------------
cd "$work"
ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
openssl req -x509 "${ec[@]}" -keyout ca.key -out ca.pem -days 2 -subj "/CN=ttaobs test CA" 2>/dev/null
openssl req "${ec[@]}" -keyout server.key -out server.csr -subj "/CN=prom.test" 2>/dev/null
printf 'subjectAltName=DNS:prom.test\nextendedKeyUsage=serverAuth\n' >server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile server.ext 2>/dev/null
openssl req "${ec[@]}" -keyout client.key -out client.csr -subj "/CN=ttaobs" 2>/dev/null
printf 'extendedKeyUsage=clientAuth\n' >client.ext
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 2 -extfile client.ext 2>/dev/null
chmod 644 ./*.key

# --- the exposition behind basic auth ----------------------------------------------------------
/usr/bin/python3 "$here/auth_proxy.py" $p_expo --static "$root/fixtures/exposition/samples/otel-js-9464.txt" \
  --basic "metrics:exp0-Pw-s3cret" >"$reports/expo-proxy.log" 2>&1 &
pids+=($!)

# --- Prometheus: TLS + bcrypt basic auth, scraping that exposition; and one demanding mTLS ------
hash=$(/usr/bin/python3 -c 'import bcrypt,sys; print(bcrypt.hashpw(sys.argv[1].encode(), bcrypt.gensalt(rounds=4)).decode())' pr0m-Pw-s3cret)
cat >web-tls.yml <<EOF
tls_server_config:
  cert_file: $work/server.pem
  key_file: $work/server.key
basic_auth_users:
  admin: '$hash'
EOF
cat >web-mtls.yml <<EOF
tls_server_config:
  cert_file: $work/server.pem
  key_file: $work/server.key
  client_auth_type: RequireAndVerifyClientCert
  client_ca_file: $work/ca.pem
EOF
cat >prometheus.yml <<EOF
global: {scrape_interval: 1s, evaluation_interval: 1s}
scrape_configs:
  - job_name: tta-primitives
    basic_auth: {username: metrics, password: exp0-Pw-s3cret}
    static_configs: [{targets: ['127.0.0.1:$p_expo']}]
EOF
for variant in tls mtls; do
  port=$([[ $variant == tls ]] && echo $p_tls || echo $p_mtls)
  prometheus --config.file=prometheus.yml --web.config.file=web-$variant.yml --web.listen-address=127.0.0.1:$port \
    --storage.tsdb.path="$work/data-$variant" --log.level=warn >"$reports/prometheus-$variant.log" 2>&1 &
  pids+=($!)
done

# --- Jaeger (its own instance) behind a bearer token and a tenant --------------------------------
(cd "$work" && exec env TTAOBS_STACK_JAEGER_PORT=$j_query TTAOBS_STACK_JAEGER_GRPC_PORT=$j_grpc \
  TTAOBS_STACK_HEALTH_PORT=$j_health TTAOBS_STACK_OTLP_GRPC_PORT=$j_otlp_grpc TTAOBS_STACK_OTLP_HTTP_PORT=$j_otlp_http \
  "$jaeger_bin" --config "$root/scripts/config/jaeger.yaml") >"$reports/jaeger.log" 2>&1 &
pids+=($!)
/usr/bin/python3 "$here/auth_proxy.py" $p_jaeger --upstream "http://127.0.0.1:$j_query" --bearer j4eger-T0ken-s3cret \
  --tenant team-a >"$reports/jaeger-proxy.log" 2>&1 &
pids+=($!)

curl_tls=(curl -fsS --max-time 2 --cacert ca.pem --resolve "prom.test:$p_tls:127.0.0.1" --resolve "prom.test:$p_mtls:127.0.0.1")
wait_until "Prometheus (TLS)" "${curl_tls[@]}" -u admin:pr0m-Pw-s3cret "https://prom.test:$p_tls/-/ready"
wait_until "Prometheus (mTLS)" "${curl_tls[@]}" --cert client.pem --key client.key "https://prom.test:$p_mtls/-/ready"
wait_until "the exposition proxy" curl -fsS --max-time 2 -u metrics:exp0-Pw-s3cret "http://127.0.0.1:$p_expo/metrics"
wait_until "Jaeger" curl -fsS --max-time 2 "http://127.0.0.1:$j_query/api/services"
wait_until "the Jaeger proxy" curl -fsS --max-time 2 -H "Authorization: Bearer j4eger-T0ken-s3cret" -H "X-Scope-OrgID: team-a" \
  "http://127.0.0.1:$p_jaeger/api/services"
scraped() { "${curl_tls[@]}" -u admin:pr0m-Pw-s3cret "https://prom.test:$p_tls/api/v1/query?query=tta_requests_total" | grep -q '"metric"'; }
wait_until "a scrape of the exposition through basic auth" scraped

# One trace in Jaeger, sent over OTLP/HTTP JSON.
now=$(date +%s%N)
service=auth-check-$$
curl -fsS --max-time 5 -H 'Content-Type: application/json' "http://127.0.0.1:$j_otlp_http/v1/traces" -d @- >/dev/null <<EOF
{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"$service"}}]},
 "scopeSpans":[{"spans":[
  {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174","name":"root",
   "startTimeUnixNano":"$((now - 3000000000))","endTimeUnixNano":"$((now - 2000000000))","kind":2},
  {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b175","parentSpanId":"eee19b7ec3c1b174",
   "name":"child","startTimeUnixNano":"$((now - 2900000000))","endTimeUnixNano":"$((now - 2100000000))","kind":1}]}]}]}
EOF
has_trace() { curl -fsS --max-time 2 "http://127.0.0.1:$j_query/api/traces?service=$service&limit=1" | grep -q traceID; }
wait_until "the trace in Jaeger" has_trace
cd "$root"

printf 'admin:pr0m-Pw-s3cret\n' >"$work/prom-creds"
printf 'j4eger-T0ken-s3cret\n' >"$work/jaeger-token"
prom=(--prometheus-url "https://127.0.0.1:$p_tls/" --prometheus-ca-file "$work/ca.pem" --prometheus-server-name prom.test)
only=(--only health/prometheus,metrics/requests-total --timeout 5)

# --- Prometheus: TLS + basic auth --------------------------------------------------------------
run prom-no-ca validate "${only[@]}" --prometheus-url "https://127.0.0.1:$p_tls/" --prometheus-basic-auth-file "$work/prom-creds"
expect prom-no-ca 1 "TLS failure"
run prom-no-creds validate "${only[@]}" "${prom[@]}"
expect prom-no-creds 1 "HTTP 401 (expected 200) — check the credentials for --prometheus-url"
[[ $out == *"HTTP 401 — check the credentials for --prometheus-url (--prometheus-bearer-token[-file], --prometheus-basic-auth[-file]"* ]] \
  || { echo "$out" >&2; fail "prom-no-creds: the query's error does not name the flags"; }
run prom-wrong-name validate "${only[@]}" --prometheus-url "https://127.0.0.1:$p_tls/" --prometheus-ca-file "$work/ca.pem" \
  --prometheus-basic-auth-file "$work/prom-creds"
expect prom-wrong-name 1 "TLS failure"
run prom-basic-file validate "${only[@]}" "${prom[@]}" --prometheus-basic-auth-file "$work/prom-creds" --json "$reports/prom.json"
expect prom-basic-file 0 "2 passed"
PROM_PW=pr0m-Pw-s3cret run prom-basic-env validate "${only[@]}" "${prom[@]}" --prometheus-basic-auth 'admin:${PROM_PW}'
expect prom-basic-env 0
run prom-userinfo validate "${only[@]}" --prometheus-url "https://admin:pr0m-Pw-s3cret@127.0.0.1:$p_tls/" \
  --prometheus-ca-file "$work/ca.pem" --prometheus-server-name prom.test --junit "$reports/prom-userinfo.xml"
expect prom-userinfo 0
run prom-insecure validate "${only[@]}" --prometheus-url "https://127.0.0.1:$p_tls/" --insecure-skip-verify \
  --prometheus-basic-auth-file "$work/prom-creds" --json "$reports/prom-insecure.json"
expect prom-insecure 0 "WARNING: --insecure-skip-verify"
grep -q 'NOT VERIFIED (--insecure-skip-verify)' "$reports/prom-insecure.json" || fail "prom-insecure: the JSON report does not say so"
run prom-bad-file validate "${only[@]}" "${prom[@]}" --prometheus-basic-auth-file "$work/missing-creds"
expect prom-bad-file 2 "$work/missing-creds"

# --- Prometheus: mTLS --------------------------------------------------------------------------
mtls=(--prometheus-url "https://127.0.0.1:$p_mtls/" --ca-file "$work/ca.pem" --prometheus-server-name prom.test)
run mtls-no-cert validate "${only[@]}" "${mtls[@]}"
expect mtls-no-cert 1
[[ $out == *"TLS failure"* || $out == *"connection"* || $out == *"empty reply"* ]] || { echo "$out" >&2; fail "mtls-no-cert: no TLS message"; }
run mtls validate "${only[@]}" "${mtls[@]}" --prometheus-client-cert "$work/client.pem" --prometheus-client-key "$work/client.key"
expect mtls 0 "2 passed"
run mtls-bad-key validate "${only[@]}" "${mtls[@]}" --prometheus-client-cert "$work/client.pem" --prometheus-client-key "$work/ca.pem"
expect mtls-bad-key 2 "$work/ca.pem"

# --- Jaeger behind a bearer token and a tenant --------------------------------------------------
jaeger=(--jaeger-url "http://127.0.0.1:$p_jaeger/" --service "$service" --settle 0 --timeout 5)
run jaeger-none trace "${jaeger[@]}"
expect jaeger-none 3 "HTTP 401 — check the credentials for --jaeger-url"
run jaeger-no-tenant trace "${jaeger[@]}" --jaeger-bearer-token-file "$work/jaeger-token"
expect jaeger-no-tenant 3 "HTTP 403 — check the credentials and tenant for --jaeger-url"
run jaeger-trace trace "${jaeger[@]}" --jaeger-bearer-token-file "$work/jaeger-token" --jaeger-tenant team-a
expect jaeger-trace 0 "2 spans"
JAEGER_TOKEN=j4eger-T0ken-s3cret TTAOBS_TENANT=team-a run jaeger-validate validate "${jaeger[@]}" --only health/jaeger,trace/span-count \
  --set trace/span-count.min=2 --jaeger-header 'Authorization: Bearer ${JAEGER_TOKEN}'
expect jaeger-validate 0 "2 passed"
run jaeger-validate-none validate "${jaeger[@]}" --only health/jaeger,trace/span-count
expect jaeger-validate-none 1 "check the credentials for --jaeger-url"

# --- the exposition behind basic auth ------------------------------------------------------------
expo=(--metrics-url "http://127.0.0.1:$p_expo/metrics" --timeout 5)
run expo-none validate "${expo[@]}" --only health/metrics-endpoint
expect expo-none 1 "HTTP 401 (expected 200) — check the credentials for --metrics-url"
run expo validate "${expo[@]}" --only health/metrics-endpoint --metrics-basic-auth metrics:exp0-Pw-s3cret
expect expo 0 "1 passed"
run lint-none lint-metrics "${expo[@]}"
expect lint-none 1 "HTTP 401 — check the credentials for --metrics-url"
run lint lint-metrics "${expo[@]}" --metrics-basic-auth metrics:exp0-Pw-s3cret
[[ $rc == 0 || $rc == 3 ]] || { echo "$out" >&2; fail "lint: exit $rc"; }

clean
echo "PASS [auth]"
