#!/usr/bin/env python3
"""The one load generator of bench/receive_vs_jaeger.sh: POSTs the same OTLP/protobuf batch
REQUESTS times to URL over CONNECTIONS keep-alive connections (one process each), each request's
trace ids made new (the batch's b"BENCHID_" prefix replaced by a request number). Prints one JSON
line: requests sent, answered 200, other statuses, seconds, requests and spans per second.
Usage: otlp_load.py URL BATCH.pb SPANS_PER_BATCH REQUESTS [CONNECTIONS]"""
import http.client
import json
import multiprocessing
import sys
import time
import urllib.parse


def worker(args):
    url, body, first, count = args
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    statuses = {}
    headers = {"Content-Type": "application/x-protobuf"}
    for n in range(first, first + count):
        patched = body.replace(b"BENCHID_", n.to_bytes(8, "big"))
        conn.request("POST", parts.path, body=patched, headers=headers)
        response = conn.getresponse()
        response.read()
        statuses[response.status] = statuses.get(response.status, 0) + 1
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    conn.close()
    return statuses


def main():
    url, batch, spans, requests = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    connections = int(sys.argv[5]) if len(sys.argv) > 5 else 4
    body = open(batch, "rb").read()
    share = requests // connections
    jobs = [(url, body, 1 + i * share, share) for i in range(connections)]
    with multiprocessing.Pool(connections) as pool:
        started = time.monotonic()
        results = pool.map(worker, jobs)
        elapsed = time.monotonic() - started
    statuses = {}
    for result in results:
        for status, n in result.items():
            statuses[status] = statuses.get(status, 0) + n
    ok = statuses.get(200, 0)
    print(json.dumps({"url": url, "requests": share * connections, "ok": ok, "statuses": statuses,
                      "seconds": round(elapsed, 3), "requests_per_s": round(ok / elapsed, 1),
                      "spans_per_s": round(ok * spans / elapsed)}))


if __name__ == "__main__":
    main()
