#!/usr/bin/env bash
# Writes a 200-check suite for the demo service to stdout: every vocabulary family, many checks
# sharing few requests, as a real team's suite does (20 PromQL queries judged 3 ways each, 90
# selections over one trace read, 20 exposition checks over one scrape, 20 health checks over 5
# URLs, 10 scrape checks). Usage: bench/gen_suite.sh > big.yaml
set -euo pipefail
types=(MockPrimitive CachePrimitive ParallelPrimitive RetryPrimitive SequentialPrimitive)
spans=(demo.workflow_execution primitive.sequential.execute primitive.validation.execute primitive.cache.execute
       primitive.parallel.execute primitive.retry.execute primitive.parallel.branch_0 primitive.parallel.branch_1
       primitive.retry.attempt)
families=(tta_requests tta_workflow_executions tta_cache_hits tta_cache_misses tta_execution_duration_seconds
          tta_workflow_duration_seconds tta_cache_hit_rate target_info)
echo "suite: bench-200"
echo "description: 200 checks over the demo stack, for bench/suite_scale.sh"
echo "checks:"
n=0
check() { n=$((n + 1)); printf '  - id: %s/c%03d\n    kind: %s\n' "$1" "$n" "$2"; }
queries=()
for t in "${types[@]}"; do queries+=("tta_requests_total{primitive_type=\"$t\"}" "tta_execution_duration_seconds_count{primitive_type=\"$t\"}"); done
queries+=(tta_requests_total tta_workflow_executions_total tta_cache_hits_total tta_cache_misses_total
          'sum(rate(tta_requests_total[1m])) by (primitive_type)' 'sum(tta_requests_total) by (status)'
          'histogram_quantile(0.95, sum(rate(tta_execution_duration_seconds_bucket[5m])) by (le))' tta_cache_hit_rate
          'count({__name__=~"tta_.+"})' 'up')
for q in "${queries[@]}"; do
  check prom prometheus.query; printf "    query: '%s'\n    expect: {series: {min: 1}}\n" "$q"
  check prom prometheus.query; printf "    query: '%s'\n    expect: {every: \">= 0\"}\n" "$q"
  check prom prometheus.query; printf "    query: '%s'\n    expect: {series: {max: 500}}\n" "$q"
done
for s in "${spans[@]}"; do
  for i in $(seq 10); do
    check trace trace.spans
    case $((i % 5)) in
      0) printf '    select: {name: %s}\n' "$s" ;;
      1) if [[ $s == demo.* ]]; then printf '    select: {name: {glob: "demo.*"}, root: true}\n'
         else printf '    select: {name: {glob: "%s*"}, descendant_of: {name: demo.workflow_execution}}\n' "${s%.*}"; fi ;;
      2) printf '    select: {name: {regex: "%s"}, status: unset}\n' "${s//./\\\\.}" ;;
      3) printf '    select: {name: %s, service: observability-demo}\n    duration: {max: 10s}\n' "$s" ;;
      4) printf '    select: {name: %s}\n    count: {min: 1, max: 100}\n' "$s" ;;
    esac
  done
done
for f in "${families[@]}"; do
  check expo exposition.family; printf '    name: %s\n' "$f"
  check expo exposition.samples; printf '    prefix: %s\n' "$f"
done
for _ in $(seq 3); do check expo exposition.samples; printf '    prefix: tta_\n    min: 10\n'; done
check expo exposition.lint
for p in / /api/services /-/ready /-/healthy /metrics; do
  for _ in 1 2 3 4; do
    check health health.http
    case $p in
      /api/services) printf '    endpoint: jaeger\n    path: %s\n' "$p" ;;
      /-/*) printf '    endpoint: prometheus\n    path: %s\n' "$p" ;;
      /metrics) printf '    endpoint: metrics\n' ;;
      *) printf '    endpoint: jaeger\n    path: /\n' ;;
    esac
  done
done
for _ in $(seq 5); do check scrape prometheus.up; check scrape prometheus.targets; echo "    max_scrape_duration: 500ms"; done
[[ $n == 200 ]] || { echo "gen_suite: $n checks, not 200" >&2; exit 1; }
