"""Writes the OTLP captures in fixtures/otlp/ with the stock OpenTelemetry Python SDK's own encoders.

python-sdk-traces.pb: the ExportTraceServiceRequest the SDK's OTLP/HTTP exporter sends for two
services (a 'checkout' trace calling 'payments'), serialised by opentelemetry-exporter-otlp-proto-common;
python-sdk-traces.json: the same message in protobuf's JSON mapping (google.protobuf.json_format:
base64 ids, enum names, int64 as strings), which parse_otlp_traces reads too.
python-sdk-metrics.pb: an ExportMetricsServiceRequest with a counter, a gauge, a histogram and an
up-down counter, as the SDK's metric exporter serialises it.

Run with the venv scripts/setup makes: ~/.cache/ttaobs/python-otel/bin/python scripts/python-app/capture_otlp.py DIR
"""
import sys

from google.protobuf import json_format
from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.common.metrics_encoder import encode_metrics
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Link, SpanKind, Status, StatusCode


def provider(service):
    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider(resource=Resource.create({"service.name": service, "service.version": "1.0.0"}))
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    return tracer_provider, exporter


def record():
    checkout, checkout_spans = provider("checkout")
    payments, payments_spans = provider("payments")
    tracer = checkout.get_tracer("checkout", "1.0.0")
    with tracer.start_as_current_span("checkout.request", kind=SpanKind.SERVER) as root:
        root.set_attribute("http.request.method", "POST")
        root.set_attribute("checkout.order", 42)
        root.set_attribute("checkout.ratio", 0.5)
        root.set_attribute("checkout.retry", False)
        root.set_attribute("checkout.items", ["book", "pen"])
        root.add_event("cart.loaded", {"items": 2})
        with tracer.start_as_current_span("payment.authorize", kind=SpanKind.CLIENT) as client:
            remote = payments.get_tracer("payments")
            with remote.start_as_current_span("POST /authorize", kind=SpanKind.SERVER) as server:
                server.set_status(Status(StatusCode.ERROR, "card declined"))
            client.set_status(Status(StatusCode.ERROR))
        with tracer.start_as_current_span("inventory.reserve", links=[Link(root.get_span_context())]) as reserve:
            reserve.set_status(Status(StatusCode.OK))
    request = encode_spans(checkout_spans.get_finished_spans())
    request.MergeFrom(encode_spans(payments_spans.get_finished_spans()))
    return request


def metrics():
    reader = InMemoryMetricReader()
    meter_provider = MeterProvider(resource=Resource.create({"service.name": "checkout"}), metric_readers=[reader])
    meter = meter_provider.get_meter("checkout")
    requests = meter.create_counter("checkout.requests", unit="{request}", description="Requests served")
    requests.add(3, {"http.route": "/checkout", "http.response.status_code": 200})
    requests.add(1, {"http.route": "/checkout", "http.response.status_code": 500})
    meter.create_histogram("checkout.duration", unit="s").record(0.25, {"http.route": "/checkout"})
    meter.create_up_down_counter("checkout.active").add(2)
    meter.create_observable_gauge("checkout.queue", callbacks=[lambda _: [__import__(
        "opentelemetry.metrics", fromlist=["Observation"]).Observation(7, {"queue": "orders"})]])
    return encode_metrics(reader.get_metrics_data())


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    request = record()
    with open(f"{out}/python-sdk-traces.pb", "wb") as f:
        f.write(request.SerializeToString())
    with open(f"{out}/python-sdk-traces.json", "w") as f:
        f.write(json_format.MessageToJson(request) + "\n")
    with open(f"{out}/python-sdk-metrics.pb", "wb") as f:
        f.write(metrics().SerializeToString())


if __name__ == "__main__":
    main()
