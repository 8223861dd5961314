#!/usr/bin/env python3
"""Loopback server for bench/otlp_scale.sh: answers every GET under /api/ with FILE (as JSON) and
anything else with a tiny 200, on an ephemeral port of 127.0.0.1, which it prints first.
Usage: serve_body.py FILE"""
import http.server
import sys

BODY = open(sys.argv[1], "rb").read()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        body = BODY if self.path.startswith("/api/") else b"ok\n"
        self.send_response(200)
        self.send_header("Content-Type", "application/json" if body is BODY else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (its --timeout): that is what is measured

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
