'use strict';
// The "observability-demo" workload: a small workflow engine instrumented with the real
// OpenTelemetry JS SDK. Traces go over OTLP/HTTP to Jaeger, metrics are served by the
// OpenTelemetry Prometheus exporter (and pushed as OTLP/JSON when DEMO_OTLP_METRICS_URL is set).
// DEMO_MODE reproduces real failures:
//   healthy             root demo.workflow_execution -> primitive.sequential.execute -> step_N -> primitives
//   broken-propagation  no root wrapper and no context passing: flat traces of 1-2 isolated spans
//   sparse-labels       healthy traces, but one primitive type and no status="success"
//   wrapped-root        the workflow runs inside an HTTP server span, so demo.workflow_execution has a parent
const api = require('@opentelemetry/api');
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base');
const { OTLPTraceExporter: OTLPJsonExporter } = require('@opentelemetry/exporter-trace-otlp-http');
const { OTLPTraceExporter: OTLPProtoExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { MeterProvider } = require('@opentelemetry/sdk-metrics');
const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
const { OTLPMetricExporter } = require('@opentelemetry/exporter-metrics-otlp-http');
const { PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics');
const { resourceFromAttributes } = require('@opentelemetry/resources');

const env = (name, fallback) => process.env[name] || fallback;
const MODE = env('DEMO_MODE', 'healthy');
const MODES = ['healthy', 'broken-propagation', 'sparse-labels', 'wrapped-root'];
if (!MODES.includes(MODE)) {
  console.error(`demo-app: DEMO_MODE must be one of ${MODES.join(', ')}, not '${MODE}'`);
  process.exit(2);
}
const SERVICE = env('DEMO_SERVICE', 'observability-demo');
// DEMO_OTLP_URL, else OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces (as `ttaobs validate --receive` sets it)
const OTLP_BASE = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
const OTLP_URL = env('DEMO_OTLP_URL', OTLP_BASE ? `${OTLP_BASE.replace(/\/$/, '')}/v1/traces` : 'http://127.0.0.1:4318/v1/traces');
// http/json (the default) or http/protobuf: DEMO_OTLP_PROTOCOL, else OTEL_EXPORTER_OTLP_PROTOCOL
const OTLP_PROTOCOL = env('DEMO_OTLP_PROTOCOL', env('OTEL_EXPORTER_OTLP_PROTOCOL', 'http/json'));
if (!['http/json', 'http/protobuf'].includes(OTLP_PROTOCOL)) {
  console.error(`demo-app: DEMO_OTLP_PROTOCOL must be http/json or http/protobuf, not '${OTLP_PROTOCOL}'`);
  process.exit(2);
}
const OTLPTraceExporter = OTLP_PROTOCOL === 'http/protobuf' ? OTLPProtoExporter : OTLPJsonExporter;
const METRICS_HOST = env('DEMO_METRICS_HOST', '127.0.0.1');
const METRICS_PORT = Number(env('DEMO_METRICS_PORT', '9464'));
const PERIOD_MS = Number(env('DEMO_PERIOD_MS', '500'));
const MAX_RUNS = Number(env('DEMO_MAX_RUNS', '0')); // 0 = until stopped

const resource = resourceFromAttributes({
  'service.name': SERVICE,
  'service.version': '0.1.0',
  'deployment.environment': 'demo',
});

const tracerProvider = new NodeTracerProvider({
  resource,
  spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: OTLP_URL }), { scheduledDelayMillis: 200 })],
});
tracerProvider.register();
const tracer = api.trace.getTracer('tta.primitives', '0.1.0');

const exporter = new PrometheusExporter({ host: METRICS_HOST, port: METRICS_PORT }, (error) => {
  if (error) {
    console.error(`demo-app: cannot serve metrics on ${METRICS_HOST}:${METRICS_PORT}: ${error.message}`);
    process.exit(1);
  }
  console.log(`demo-app: mode=${MODE} service=${SERVICE} metrics=http://${METRICS_HOST}:${METRICS_PORT}/metrics traces=${OTLP_URL} (${OTLP_PROTOCOL})`);
});
// DEMO_OTLP_METRICS_URL (e.g. $OTEL_EXPORTER_OTLP_ENDPOINT/v1/metrics): the same metrics are also
// pushed there as OTLP/JSON every 200 ms and at shutdown, beside the Prometheus endpoint.
const OTLP_METRICS_URL = env('DEMO_OTLP_METRICS_URL', '');
const readers = [exporter];
if (OTLP_METRICS_URL) {
  readers.push(new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: OTLP_METRICS_URL }), exportIntervalMillis: 200 }));
}
const meterProvider = new MeterProvider({ resource, readers });
const meter = meterProvider.getMeter('tta.primitives', '0.1.0');

const requests = meter.createCounter('tta_requests', { description: 'Primitive executions by primitive type and status' });
const workflows = meter.createCounter('tta_workflow_executions', { description: 'Workflow executions by workflow type' });
const cacheHits = meter.createCounter('tta_cache_hits', { description: 'Cache primitive hits' });
const cacheMisses = meter.createCounter('tta_cache_misses', { description: 'Cache primitive misses' });
// Durations are in seconds: the SDK's default buckets (0 … 10000) are made for milliseconds and
// would put every sample in the first bucket (a p95 of 4.75 s for 3 ms calls), so give seconds' own.
const secondsBuckets = { advice: { explicitBucketBoundaries: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] } };
const executionDuration = meter.createHistogram('tta_execution_duration_seconds', { description: 'Primitive execution duration', unit: 's', ...secondsBuckets });
const workflowDuration = meter.createHistogram('tta_workflow_duration_seconds', { description: 'Workflow duration', unit: 's', ...secondsBuckets });
let hits = 0;
let lookups = 0;
meter.createObservableGauge('tta_cache_hit_rate', { description: 'Cache hit rate since start' })
  .addCallback((result) => result.observe(lookups === 0 ? 0 : hits / lookups));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const cache = new Map();
let run = 0;

// In broken-propagation mode every span starts from the empty context: the parent is lost.
function startSpan(name, attributes, fn) {
  const ctx = MODE === 'broken-propagation' ? api.ROOT_CONTEXT : api.context.active();
  return tracer.startActiveSpan(name, { attributes }, ctx, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error);
      span.setStatus({ code: api.SpanStatusCode.ERROR, message: error.message });
      throw error;
    } finally {
      span.end();
    }
  });
}

// Runs one primitive: a span, a request counter with its outcome, a duration sample.
async function primitive(type, name, body) {
  const reportedType = MODE === 'sparse-labels' ? 'MockPrimitive' : type;
  const started = process.hrtime.bigint();
  let status = 'success';
  try {
    return await startSpan(`primitive.${name}.execute`, { 'primitive.type': reportedType, 'primitive.name': name }, body);
  } catch (error) {
    status = 'error';
    return undefined;
  } finally {
    if (MODE === 'sparse-labels') {
      status = 'error';
    }
    requests.add(1, { primitive_type: reportedType, status });
    executionDuration.record(Number(process.hrtime.bigint() - started) / 1e9, { primitive_type: reportedType });
  }
}

const steps = [
  () => primitive('MockPrimitive', 'validation', async () => {
    await sleep(1);
    if (run % 7 === 3) throw new Error('validation failed: empty input');
  }),
  () => primitive('CachePrimitive', 'cache', async (span) => {
    // alpha misses once then hits from the second workflow on, so hits show up within a second.
    const key = run % 3 === 2 ? 'query:beta' : 'query:alpha';
    lookups += 1;
    if (cache.has(key) && run % 5 !== 0) {
      hits += 1;
      cacheHits.add(1, { cache_key: key });
      span.setAttribute('cache.hit', true);
      return cache.get(key);
    }
    cacheMisses.add(1, { cache_key: key });
    span.setAttribute('cache.hit', false);
    await startSpan('primitive.llm_call.execute', { 'llm.model': 'mock-small' }, () => sleep(2));
    cache.set(key, `answer-${run}`);
    return cache.get(key);
  }),
  () => primitive('ParallelPrimitive', 'parallel', () => Promise.all([
    startSpan('primitive.parallel.branch_0', {}, () => sleep(1)),
    startSpan('primitive.parallel.branch_1', {}, () => sleep(2)),
  ])),
  () => primitive('RetryPrimitive', 'retry', async (span) => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      span.addEvent('attempt', { attempt });
      await startSpan('primitive.retry.attempt', { 'retry.attempt': attempt }, () => sleep(1));
    }
  }),
];

async function workflow() {
  const started = process.hrtime.bigint();
  const body = () => primitive('SequentialPrimitive', 'sequential', async () => {
    for (let i = 0; i < steps.length; i += 1) {
      await startSpan(`primitive.sequential.step_${i}`, { 'sequential.step': i }, steps[i]);
    }
  });
  if (MODE === 'broken-propagation') {
    // The bug this mode reproduces: no root span wrapper, and no context carried across steps.
    await Promise.all(steps.map((step) => step()));
  } else {
    const root = () => startSpan('demo.workflow_execution', { 'workflow.type': 'sequential_demo', 'workflow.run': run }, body);
    if (MODE === 'wrapped-root') {
      await startSpan('POST /workflows/run', { 'http.request.method': 'POST', 'url.path': '/workflows/run' }, root);
    } else {
      await root();
    }
  }
  workflows.add(1, { workflow_type: 'sequential_demo' });
  workflowDuration.record(Number(process.hrtime.bigint() - started) / 1e9, { workflow_type: 'sequential_demo' });
}

async function main() {
  while (MAX_RUNS === 0 || run < MAX_RUNS) {
    await workflow();
    run += 1;
    await sleep(PERIOD_MS);
  }
  await tracerProvider.forceFlush();
  if (OTLP_METRICS_URL) {
    await meterProvider.forceFlush(); // the last counts reach the receiver before the process ends
  }
}

async function shutdown() {
  await tracerProvider.shutdown().catch(() => {});
  await meterProvider.shutdown().catch(() => {});
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
main().catch((error) => {
  console.error(`demo-app: ${error.stack || error}`);
  process.exit(1);
});
