"""A 'checkout' service instrumented with the stock OpenTelemetry Python SDK, as a new user writes it.

Every PERIOD_MS it serves one request: a 6-span trace checkout.request -> cart.load, db.query,
payment.authorize -> http.client, inventory.reserve. Spans leave through the SDK's
BatchSpanProcessor (SCHEDULE_MS schedule, OTLP/HTTP protobuf), which often cuts one request's spans
across two exports: the children arrive before their root. That is the shape ttaobs must not
mistake for a broken trace (hardening item 19).

Environment: CHECKOUT_OTLP_URL (default http://127.0.0.1:4318/v1/traces), CHECKOUT_SERVICE
(checkout), CHECKOUT_PERIOD_MS (300), CHECKOUT_SCHEDULE_MS (200), CHECKOUT_MAX_RUNS (0 = until
stopped).

Metrics (only when CHECKOUT_METRICS_PORT is set; the cross-signal checks' workload): prometheus_client
serves /metrics on 127.0.0.1:PORT, OpenMetrics when the scrape asks for it (Prometheus does), with
checkout_requests_total and checkout_request_duration_seconds (a histogram), both carrying the
request's trace_id/span_id as exemplars, and target_info{service_name=..., service_instance_id=...}. Variants that break
one link between the signals, for failing scenarios: CHECKOUT_TARGET_SERVICE (the service_name
target_info says, default CHECKOUT_SERVICE), CHECKOUT_TARGET_INSTANCE (its service_instance_id,
default the SDK's service.instance.id), CHECKOUT_FAKE_EXEMPLARS=1 (exemplars carry random trace
ids that were never exported), CHECKOUT_COUNTER_STEP (the counter's increment per request, 1).

OTLP metrics (only when CHECKOUT_OTLP_METRICS_URL is set, e.g. $OTEL_EXPORTER_OTLP_ENDPOINT/v1/metrics
under `ttaobs validate --receive`): the SDK's own MeterProvider pushes checkout.requests (a counter of
{request}, attribute http.route) and checkout.duration (a histogram in s) over OTLP/HTTP protobuf,
every CHECKOUT_SCHEDULE_MS and once more at shutdown.
"""
import os
import random
import signal
import sys
import time

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

OTLP_URL = os.environ.get("CHECKOUT_OTLP_URL", "http://127.0.0.1:4318/v1/traces")
SERVICE = os.environ.get("CHECKOUT_SERVICE", "checkout")
PERIOD = int(os.environ.get("CHECKOUT_PERIOD_MS", "300")) / 1000.0
SCHEDULE_MS = int(os.environ.get("CHECKOUT_SCHEDULE_MS", "200"))
MAX_RUNS = int(os.environ.get("CHECKOUT_MAX_RUNS", "0"))
METRICS_PORT = int(os.environ.get("CHECKOUT_METRICS_PORT", "0"))
OTLP_METRICS_URL = os.environ.get("CHECKOUT_OTLP_METRICS_URL", "")

provider = TracerProvider(resource=Resource.create({"service.name": SERVICE, "service.version": "1.0.0"}))
provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=OTLP_URL), schedule_delay_millis=SCHEDULE_MS))
trace.set_tracer_provider(provider)
tracer = trace.get_tracer("checkout")


def work(ms):
    time.sleep(ms / 1000.0 * random.uniform(0.5, 1.5))


class Metrics:
    """The request counter and latency histogram with exemplars, and target_info (prometheus_client)."""

    def __init__(self, port):
        import prometheus_client as pc  # only needed (and installed by scripts/setup) for the metrics

        registry = pc.CollectorRegistry()
        self.requests = pc.Counter("checkout_requests", "Checkout requests served.", ["route"], registry=registry)
        self.latency = pc.Histogram("checkout_request_duration_seconds", "Checkout request latency.", ["route"],
                                    buckets=(0.025, 0.05, 0.1, 0.25, 0.5, 1.0), registry=registry)
        target = pc.Info("target", "Target metadata (the resource of the service's telemetry).", registry=registry)
        resource = provider.resource.attributes  # the SDK's own service.instance.id, as the spans carry it
        target.info({"service_name": os.environ.get("CHECKOUT_TARGET_SERVICE", SERVICE), "service_version": "1.0.0",
                     "service_instance_id": os.environ.get("CHECKOUT_TARGET_INSTANCE",
                                                           str(resource.get("service.instance.id", "")))})
        self.fake = os.environ.get("CHECKOUT_FAKE_EXEMPLARS", "") not in ("", "0")
        self.step = float(os.environ.get("CHECKOUT_COUNTER_STEP", "1"))
        pc.start_http_server(port, addr="127.0.0.1", registry=registry)

    def record(self, span, seconds):
        context = span.get_span_context()
        trace_id = f"{random.getrandbits(128):032x}" if self.fake else trace.format_trace_id(context.trace_id)
        exemplar = {"trace_id": trace_id, "span_id": trace.format_span_id(context.span_id)}
        self.requests.labels(route="/checkout").inc(self.step, exemplar=exemplar)
        self.latency.labels(route="/checkout").observe(seconds, exemplar=exemplar)


class OtlpMetrics:
    """The SDK's MeterProvider pushing a request counter and a latency histogram over OTLP/HTTP."""

    def __init__(self, url):
        from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter
        from opentelemetry.sdk.metrics import MeterProvider
        from opentelemetry.sdk.metrics.export import PeriodicExportingMetricReader

        reader = PeriodicExportingMetricReader(OTLPMetricExporter(endpoint=url), export_interval_millis=SCHEDULE_MS)
        self.provider = MeterProvider(resource=provider.resource, metric_readers=[reader])
        meter = self.provider.get_meter("checkout")
        self.requests = meter.create_counter("checkout.requests", unit="{request}", description="Requests served")
        self.duration = meter.create_histogram("checkout.duration", unit="s", description="Request latency")

    def record(self, seconds):
        self.requests.add(1, {"http.route": "/checkout"})
        self.duration.record(seconds, {"http.route": "/checkout"})


metrics = Metrics(METRICS_PORT) if METRICS_PORT else None
otlp_metrics = OtlpMetrics(OTLP_METRICS_URL) if OTLP_METRICS_URL else None


def handle_request(n):
    started = time.monotonic()
    with tracer.start_as_current_span("checkout.request", kind=trace.SpanKind.SERVER) as root:
        root.set_attribute("http.request.method", "POST")
        root.set_attribute("checkout.order", n)
        with tracer.start_as_current_span("cart.load"):
            work(8)
        with tracer.start_as_current_span("db.query", kind=trace.SpanKind.CLIENT) as db:
            db.set_attribute("db.system", "postgresql")
            work(15)
        with tracer.start_as_current_span("payment.authorize"):
            with tracer.start_as_current_span("http.client", kind=trace.SpanKind.CLIENT):
                work(25)
        with tracer.start_as_current_span("inventory.reserve"):
            work(10)
        if metrics:
            metrics.record(root, time.monotonic() - started)
        if otlp_metrics:
            otlp_metrics.record(time.monotonic() - started)


def main():
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    served = f" metrics=http://127.0.0.1:{METRICS_PORT}/metrics" if METRICS_PORT else ""
    print(f"checkout: service={SERVICE} traces={OTLP_URL}{served} every {PERIOD * 1000:.0f} ms", flush=True)
    n = 0
    while not stop and (MAX_RUNS == 0 or n < MAX_RUNS):
        n += 1
        started = time.monotonic()
        handle_request(n)
        time.sleep(max(0.0, PERIOD - (time.monotonic() - started)))
    provider.shutdown()
    if otlp_metrics:
        otlp_metrics.provider.shutdown()  # exports what is left
    return 0


if __name__ == "__main__":
    sys.exit(main())
