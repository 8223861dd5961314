#!/usr/bin/env python3
"""Writes one OTLP/protobuf ExportTraceServiceRequest for bench/receive_vs_jaeger.sh: SPANS spans
(default 512) in 8 traces of one service, 10 attributes each, a root per trace and its children.
Every trace id begins with the 8 bytes b"BENCHID_" so that the load generator (otlp_load.cpp) can make each request's
traces new by patching them. Needs the OpenTelemetry Python SDK's opentelemetry-proto (the venv
scripts/setup makes at ~/.cache/ttaobs/python-otel).
Usage: otlp_batch.py OUT.pb [SPANS]"""
import sys

from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.common.v1.common_pb2 import AnyValue, KeyValue
from opentelemetry.proto.trace.v1.trace_pb2 import Span, Status

out, spans = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 512
traces = 8
request = ExportTraceServiceRequest()
resource_spans = request.resource_spans.add()
resource_spans.resource.attributes.append(KeyValue(key="service.name", value=AnyValue(string_value="bench-service")))
scope = resource_spans.scope_spans.add()
scope.scope.name = "ttaobs.bench"
start = 1_700_000_000_000_000_000
for i in range(spans):
    t = i % traces
    index = i // traces
    span = scope.spans.add()
    span.trace_id = b"BENCHID_" + t.to_bytes(8, "big")
    span.span_id = (i + 1).to_bytes(8, "big")
    if index > 0:
        span.parent_span_id = (t + 1).to_bytes(8, "big")  # the trace's root: span i == t
    span.name = "bench.root" if index == 0 else f"bench.op_{index % 16}"
    span.kind = Span.SPAN_KIND_SERVER if index == 0 else Span.SPAN_KIND_INTERNAL
    span.start_time_unix_nano = start + index * 1000
    span.end_time_unix_nano = start + 5_000_000 - index * 1000
    span.status.code = Status.STATUS_CODE_OK
    for a in range(10):
        span.attributes.append(KeyValue(key=f"bench.attr_{a}", value=AnyValue(string_value=f"value-{(index + a) % 8}")))
with open(out, "wb") as f:
    f.write(request.SerializeToString())
print(f"{out}: {spans} spans in {traces} traces, {len(request.SerializeToString())} bytes", file=sys.stderr)
