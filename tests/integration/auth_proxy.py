#!/usr/bin/env python3
"""A loopback reverse proxy that demands credentials, for tests/integration/auth.sh (issue 13).

Usage: auth_proxy.py PORT (--upstream URL | --static FILE) [--bearer TOKEN] [--basic USER:PASSWORD]
                     [--tenant TENANT]

Every request must carry the bearer token or the basic credentials given (401 otherwise, with a
WWW-Authenticate header) and, with --tenant, `X-Scope-OrgID: TENANT` (403 otherwise, as Mimir and
Tempo answer a request without an org id). Then it is forwarded to --upstream (path and query
kept, hop-by-hop and credential headers dropped) or answered with --static's bytes as a
Prometheus 0.0.4 exposition. Python standard library only; binds 127.0.0.1.
"""
import argparse
import base64
import http.server
import sys
import urllib.error
import urllib.request


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("port", type=int)
    parser.add_argument("--upstream")
    parser.add_argument("--static")
    parser.add_argument("--bearer")
    parser.add_argument("--basic")
    parser.add_argument("--tenant")
    args = parser.parse_args()
    if bool(args.upstream) == bool(args.static):
        parser.error("give exactly one of --upstream and --static")
    return args


ARGS = parse_args()
ACCEPTED = set()
if ARGS.bearer:
    ACCEPTED.add("Bearer " + ARGS.bearer)
if ARGS.basic:
    ACCEPTED.add("Basic " + base64.b64encode(ARGS.basic.encode()).decode())
STATIC = open(ARGS.static, "rb").read() if ARGS.static else b""
DROPPED = {"host", "authorization", "x-scope-orgid", "connection", "keep-alive", "accept-encoding"}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, status, body, headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if ACCEPTED and self.headers.get("Authorization", "") not in ACCEPTED:
            self.answer(401, b"unauthorized: missing or bad credentials\n",
                        [("WWW-Authenticate", 'Basic realm="auth_proxy"'), ("Content-Type", "text/plain")])
            return
        if ARGS.tenant and self.headers.get("X-Scope-OrgID") != ARGS.tenant:
            self.answer(403, b"no org id\n", [("Content-Type", "text/plain")])
            return
        if ARGS.static:
            self.answer(200, STATIC, [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")])
            return
        request = urllib.request.Request(ARGS.upstream.rstrip("/") + self.path)
        for name, value in self.headers.items():
            if name.lower() not in DROPPED:
                request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as upstream:
                status, body, headers = upstream.status, upstream.read(), upstream.headers.items()
        except urllib.error.HTTPError as error:
            status, body, headers = error.code, error.read(), error.headers.items()
        except OSError as error:
            self.answer(502, f"upstream: {error}\n".encode(), [("Content-Type", "text/plain")])
            return
        kept = [(n, v) for n, v in headers if n.lower() not in ("content-length", "transfer-encoding", "connection")]
        self.answer(status, body, kept)

    def log_message(self, fmt, *args):  # one line per request on stderr, never a header
        sys.stderr.write("auth_proxy: %s\n" % (fmt % args))


if __name__ == "__main__":
    server = http.server.ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    print(f"auth_proxy: listening on 127.0.0.1:{ARGS.port}", flush=True)
    server.serve_forever()
