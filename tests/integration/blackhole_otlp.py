#!/usr/bin/env python3
"""A black-holing OTLP/HTTP receiver for the probe's integration test: answers every POST to
/v1/traces with 200 and an empty ExportTraceServiceResponse ({}), and drops the data. Listens on
127.0.0.1, port from argv[1] (0: any free one); writes the port it got to argv[2]."""
import http.server
import sys


class BlackHole(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(min(length, 64 * 1024 * 1024))  # read and forget
        status, body = (200, b"{}") if self.path == "/v1/traces" else (404, b"not found")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), BlackHole)
with open(sys.argv[2], "w") as out:
    out.write(str(server.server_address[1]))
server.serve_forever()
