#!/usr/bin/env python3
"""A loopback HTTP(S) server that misbehaves on purpose, for the fault matrix (tests/fault/).

One process serves every fault; the first path segment picks it, the rest is the API path
ttaobs appends to its base URL:

    http://127.0.0.1:PORT/<mode>/api/v1/query?query=...

Modes that break the transport (hang, stall, drip, html500, redirect-loop, redirect) apply to every
path; modes that break the content apply only to data paths (anything under /api/ or ending in
/metrics), so the health probes of the same base URL still answer 200 and a run can tell "could
not evaluate" from "service down". Mode `ok` answers like the healthy stack, from the recorded
bodies of fixtures/replay/healthy (--fixtures).

Binds 127.0.0.1 on an ephemeral port and prints the port on stdout (one line), then serves until
killed. Stdlib only. --tls CERT KEY serves HTTPS instead.
"""

import argparse
import http.server
import io
import json
import os
import socketserver
import ssl
import sys
import threading
import time
import urllib.parse
import zlib

TRANSPORT_MODES = {"hang", "stall", "drip", "html500", "redirect-loop", "redirect"}
BAD_NAME = "bad\xff\xfe name \x01\x08\x1b[31m \ufffe end"  # invalid UTF-8 once encoded below

_gzip_lock = threading.Lock()
_gzip_bomb = None
GZIP_CACHE = None  # a file to keep the bomb in between runs (--gzip-cache)


def gzip_bomb():
    """About 2 MiB of gzip inflating to 2 GiB of comment lines (valid exposition text, so a
    streaming reader must keep reading until its time is up); built once, cached in GZIP_CACHE."""
    global _gzip_bomb
    with _gzip_lock:
        if _gzip_bomb is None and GZIP_CACHE and os.path.exists(GZIP_CACHE):
            with open(GZIP_CACHE, "rb") as cached:
                _gzip_bomb = cached.read()
        if _gzip_bomb is None:
            comp = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip wrapper
            block = b"# fault matrix gzip bomb\n" * (1 << 16)
            out = io.BytesIO()
            for _ in range((2 << 30) // len(block)):
                out.write(comp.compress(block))
            out.write(comp.flush())
            _gzip_bomb = out.getvalue()
            if GZIP_CACHE:
                with open(GZIP_CACHE + ".tmp", "wb") as cached:
                    cached.write(_gzip_bomb)
                os.replace(GZIP_CACHE + ".tmp", GZIP_CACHE)
        return _gzip_bomb


def load_fixtures(directory):
    """(path, query-param or None) -> (status, body, content type) from a replay index.tsv."""
    table = {}
    if not directory:
        return table
    with open(os.path.join(directory, "index.tsv"), encoding="utf-8") as index:
        for line in index:
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.rstrip("\n").split("\t")
            url = urllib.parse.urlsplit(fields[0].split(" ", 1)[1])
            query = urllib.parse.parse_qs(url.query).get("query", [None])[0]
            with open(os.path.join(directory, fields[2]), "rb") as body:
                ctype = fields[3] if len(fields) > 3 else "application/octet-stream"
                table[(url.path, query)] = (int(fields[1]), body.read(), ctype)
    return table


def jaeger_trace(name):
    span = {"traceID": "ab" * 16, "spanID": "cd" * 8, "operationName": name, "references": [],
            "startTime": 1700000000000000, "duration": 1000, "tags": [], "logs": [],
            "processID": "p1", "warnings": None}
    return {"data": [{"traceID": "ab" * 16, "spans": [span],
                      "processes": {"p1": {"serviceName": "observability-demo", "tags": []}}}],
            "total": 0, "limit": 0, "offset": 0, "errors": None}


def raw_invalid(text):
    """JSON text whose strings hold raw invalid UTF-8 (json.dumps would escape it away)."""
    return text.encode("utf-8").replace("\ufffe".encode("utf-8"), b"\xff\xfe\xc3")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fault/1"

    def log_message(self, *args):  # quiet: the driver reads only the port line
        pass

    def send_body(self, status, body, ctype="application/json", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 (http.server's name)
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.split("/", 2)
        mode = parts[1] if len(parts) > 1 else ""
        rest = "/" + (parts[2] if len(parts) > 2 else "")
        params = urllib.parse.parse_qs(url.query)
        data_path = rest.startswith("/api/") or rest.endswith("/metrics")
        try:
            if mode in TRANSPORT_MODES:
                return self.transport(mode, rest, url.query)
            if mode != "ok" and data_path:
                return self.content(mode, rest, params)
            return self.healthy(rest, params)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass

    def healthy(self, rest, params):
        key = (rest, params.get("query", [None])[0])
        if key in self.server.fixtures:
            status, body, ctype = self.server.fixtures[key]
            return self.send_body(status, body, ctype)
        if rest.startswith("/api/"):
            return self.send_body(404, b'{"error":"not found"}')
        return self.send_body(200, b'{"status":"Server available"}')

    def transport(self, mode, rest, query):
        if mode == "hang":
            time.sleep(3600)
        elif mode == "stall":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b'{"status":"success","data":')
            self.wfile.flush()
            time.sleep(3600)
        elif mode == "drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            for _ in range(100000):
                self.wfile.write(b"#")
                self.wfile.flush()
                time.sleep(0.05)
        elif mode == "html500":
            self.send_body(500, b"<html><body><h1>500 Internal Server Error</h1>" + b"x" * 2000 + b"</body></html>",
                           "text/html")
        elif mode == "redirect-loop":
            self.send_body(302, b"", "text/plain", [("Location", self.path)])
        elif mode == "redirect":
            target = "/ok" + rest + ("?" + query if query else "")
            self.send_body(302, b"", "text/plain", [("Location", target)])

    def content(self, mode, rest, params):
        metrics = rest.endswith("/metrics")
        jaeger = rest.startswith("/api/traces") or rest.startswith("/api/v3/")
        if mode == "malformed":
            body = (b"tta_requests_total{a=\"1\" 2 3 }}\n" if metrics
                    else b'{"data":[{]]]' if jaeger else b'{"status":"success","data":{]]]')
            return self.send_body(200, body, "text/plain" if metrics else "application/json")
        if mode == "truncated":
            _, good, ctype = self.server.fixtures.get((rest, params.get("query", [None])[0]), (200, b"", ""))
            good = good or json.dumps(jaeger_trace("x")).encode()
            return self.send_body(200, good[: len(good) // 2], ctype or "application/json")
        if mode == "nested":
            depth = 8 << 20
            head = b'tta_requests_total{a="' if metrics else (b'{"data":' if jaeger else b'{"status":"success","data":')
            return self.send_body(200, head + b"[" * depth, "application/json")
        if mode == "status-error":
            body = b'{"status":"error","errorType":"bad_data","error":"fault-matrix says no"}'
            return self.send_body(400, body)
        if mode == "empty":
            if metrics:
                return self.send_body(200, b"", "text/plain; version=0.0.4")
            if jaeger:
                return self.send_body(200, b'{"data":[],"total":0,"limit":0,"offset":0,"errors":null}')
            return self.send_body(200, b'{"status":"success","data":{"resultType":"vector","result":[]}}')
        if mode == "html200":
            return self.send_body(200, b"<!doctype html><html><body>Login</body></html>", "text/html")
        if mode == "oversize":
            return self.oversize(metrics)
        if mode == "gzip":
            ctype = "text/plain; version=0.0.4" if metrics else "application/json"
            return self.send_body(200, gzip_bomb(), ctype, [("Content-Encoding", "gzip")])
        if mode == "badnames":
            return self.bad_names(metrics, jaeger)
        return self.send_body(404, b'{"error":"unknown fault mode"}')

    def oversize(self, metrics):
        size = 80 << 20
        self.send_response(200)
        self.send_header("Content-Type", "text/plain" if metrics else "application/json")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        chunk = (b"x" if metrics else b" ") * (1 << 20)  # metrics: one 80 MiB line
        if not metrics:
            self.wfile.write(b'{"status":"success","data":{"resultType":"vector","result":[]}}')
            size -= 63
        for _ in range(size // len(chunk)):
            self.wfile.write(chunk)
        self.wfile.write(chunk[: size % len(chunk)])

    def bad_names(self, metrics, jaeger):
        if metrics:
            body = ("# HELP tta_requests_total " + BAD_NAME + "\n# TYPE tta_requests_total counter\n"
                    'tta_requests_total{primitive_type="' + BAD_NAME.replace("\x01", "") + '"} 1\n')
            return self.send_body(200, raw_invalid(body), "text/plain; version=0.0.4")
        if jaeger:
            return self.send_body(200, raw_invalid(json.dumps(jaeger_trace(BAD_NAME), ensure_ascii=False)))
        result = {"status": "success", "data": {"resultType": "vector", "result": [
            {"metric": {"__name__": "tta_requests_total", "primitive_type": BAD_NAME, "status": "success"},
             "value": [1700000000, "1"]}]}}
        return self.send_body(200, raw_invalid(json.dumps(result, ensure_ascii=False)))


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256  # 50 concurrent runs connect at once


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", help="a replay directory whose bodies mode 'ok' serves")
    parser.add_argument("--gzip-cache", help="keep the gzip bomb in this file; built before the port is printed")
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"), help="serve HTTPS with this certificate")
    args = parser.parse_args()
    global GZIP_CACHE
    if args.gzip_cache:
        GZIP_CACHE = args.gzip_cache
        gzip_bomb()
    server = Server(("127.0.0.1", 0), Handler)
    server.fixtures = load_fixtures(args.fixtures)
    if args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls[0], args.tls[1])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
