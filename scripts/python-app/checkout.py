"""A 'checkout' service instrumented with the stock OpenTelemetry Python SDK, as a new user writes it.

Every PERIOD_MS it serves one request: a 6-span trace checkout.request -> cart.load, db.query,
payment.authorize -> http.client, inventory.reserve. Spans leave through the SDK's
BatchSpanProcessor (SCHEDULE_MS schedule, OTLP/HTTP protobuf), which often cuts one request's spans
across two exports: the children arrive before their root. That is the shape ttaobs must not
mistake for a broken trace (hardening item 19).

Environment: CHECKOUT_OTLP_URL (default http://127.0.0.1:4318/v1/traces), CHECKOUT_SERVICE
(checkout), CHECKOUT_PERIOD_MS (300), CHECKOUT_SCHEDULE_MS (200), CHECKOUT_MAX_RUNS (0 = until
stopped).
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

provider = TracerProvider(resource=Resource.create({"service.name": SERVICE, "service.version": "1.0.0"}))
provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=OTLP_URL), schedule_delay_millis=SCHEDULE_MS))
trace.set_tracer_provider(provider)
tracer = trace.get_tracer("checkout")


def work(ms):
    time.sleep(ms / 1000.0 * random.uniform(0.5, 1.5))


def handle_request(n):
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


def main():
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    print(f"checkout: service={SERVICE} traces={OTLP_URL} every {PERIOD * 1000:.0f} ms", flush=True)
    n = 0
    while not stop and (MAX_RUNS == 0 or n < MAX_RUNS):
        n += 1
        started = time.monotonic()
        handle_request(n)
        time.sleep(max(0.0, PERIOD - (time.monotonic() - started)))
    provider.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
