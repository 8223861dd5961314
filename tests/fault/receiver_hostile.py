#!/usr/bin/env python3
"""Hostile clients against `ttaobs receive` (issue 15, item 1): every case gets the right HTTP status,
the receiver never crashes or hangs, and its memory stays bounded (peak RSS, VmHWM, <= RSS_LIMIT_MIB).

    receiver_hostile.py --exe ttaobs --work DIR [--case NAME]   (default: every case, in order)

Cases: truncated-protobuf (400), wrong-content-type (415), wrong-path (404), wrong-method (405),
gigabyte-declared (a 1 GB Content-Length: 413 before the body is read), gigabyte-chunked (1 GB
streamed chunked: dropped as it arrives, 413 at its end), gzip-bomb (413), million-requests (10^6
tiny requests, pipelined over 8 connections: all answered 200), slowloris (300 connections that
stall mid-head: closed after the idle timeout, and a normal request is served again), then a
SIGTERM stops the receiver with exit 0 and a readable --out file. Python 3 stdlib only.
"""
import argparse
import gzip
import json
import os
import socket
import subprocess
import sys
import threading
import time

RSS_LIMIT_MIB = 256
GIB = 1 << 30
TINY = b'{"resourceSpans":[]}'


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def request(port, head, body=b"", timeout=30):
    """Sends one request, returns (status, body) of the answer (the connection is closed after)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(head + body)
        data = b""
        while True:
            try:
                piece = s.recv(65536)
            except ConnectionResetError:
                break
            if not piece:
                break
            data += piece
            if b"\r\n\r\n" in data:
                header, _, rest = data.partition(b"\r\n\r\n")
                length = [l for l in header.split(b"\r\n") if l.lower().startswith(b"content-length:")]
                if length and len(rest) >= int(length[0].split(b":")[1]):
                    break
    if not data.startswith(b"HTTP/1.1 "):
        return 0, data
    return int(data[9:12]), data.partition(b"\r\n\r\n")[2]


def post(path, content_type, body, extra=b""):
    return (f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n").encode() + extra + b"\r\n", body


def expect(name, got, want):
    if got != want:
        fail(f"{name}: HTTP {got}, expected {want}")
    print(f"ok: {name}: HTTP {got}")


def peak_rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0


def case_truncated_protobuf(port):
    # ExportTraceServiceRequest{resource_spans: <a 100-byte message, 3 bytes of it sent>}
    status, body = request(port, *post("/v1/traces", "application/x-protobuf", b"\x0a\x64\x0a\x02"))
    expect("truncated-protobuf", status, 400)


def case_wrong_content_type(port):
    expect("wrong-content-type", request(port, *post("/v1/traces", "text/plain", TINY))[0], 415)


def case_wrong_path(port):
    expect("wrong-path", request(port, *post("/v1/logz", "application/json", TINY))[0], 404)


def case_wrong_method(port):
    expect("wrong-method", request(port, b"GET /v1/traces HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")[0], 405)


def case_gigabyte_declared(port):
    started = time.monotonic()
    head = b"POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n"
    status, _ = request(port, head)
    expect("gigabyte-declared", status, 413)
    if time.monotonic() - started > 5:
        fail("gigabyte-declared: the 413 took more than 5 s (was the body read?)")


def case_gigabyte_chunked(port):
    chunk = b"%x\r\n%s\r\n" % (1 << 20, b"x" * (1 << 20))
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        s.sendall(b"POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n")
        sent = 0
        try:
            while sent < GIB:
                s.sendall(chunk)
                sent += 1 << 20
            s.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            fail(f"gigabyte-chunked: the connection was cut after {sent >> 20} MiB instead of a 413 at the end")
        data = s.recv(4096)
    expect("gigabyte-chunked", int(data[9:12]) if data.startswith(b"HTTP/1.1 ") else 0, 413)


def case_gzip_bomb(port):
    bomb = gzip.compress(b" " * (200 << 20), 9)  # 200 MiB of spaces in ~200 KB
    status, _ = request(port, *post("/v1/traces", "application/json", bomb, b"Content-Encoding: gzip\r\n"))
    expect("gzip-bomb", status, 413)


def pipelined(port, count, results, index):
    one = (b"POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
           % (len(TINY), TINY))
    answered = 0
    with socket.create_connection(("127.0.0.1", port), timeout=60) as s:
        def send():
            left = count
            while left > 0:
                n = min(left, 500)
                s.sendall(one * n)
                left -= n
        writer = threading.Thread(target=send)
        writer.start()
        status = b"HTTP/1.1 200"
        tail = b""  # shorter than `status`: a status line split between reads is counted once, never twice
        while answered < count:
            piece = s.recv(1 << 20)
            if not piece:
                break
            data = tail + piece
            answered += data.count(status)
            tail = data[-(len(status) - 1):]
        writer.join()
    results[index] = answered


def case_million_requests(port):
    total, connections = 1_000_000, 8
    results = [0] * connections
    started = time.monotonic()
    threads = [threading.Thread(target=pipelined, args=(port, total // connections, results, i))
               for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    if sum(results) != total:
        fail(f"million-requests: {sum(results)} of {total} answered 200")
    print(f"ok: million-requests: {total} answered 200 in {elapsed:.1f} s ({total / elapsed:.0f}/s)")


def case_slowloris(port):
    stalled = []
    for _ in range(300):
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"POST /v1/traces HTTP/1.1\r\nHost: x\r\n")  # and never more
            stalled.append(s)
        except OSError:
            break
    deadline = time.monotonic() + 25
    while time.monotonic() < deadline:
        try:
            status, _ = request(port, *post("/v1/traces", "application/json", TINY), timeout=3)
            if status == 200:
                break
        except OSError:
            pass
        time.sleep(0.5)
    else:
        fail("slowloris: no normal request was served within 25 s of 300 stalled connections")
    closed = 0
    for s in stalled:
        s.settimeout(15)
        try:
            closed += s.recv(1) == b""
        except (socket.timeout, ConnectionResetError):
            closed += 1
        s.close()
    if closed < len(stalled):
        fail(f"slowloris: {len(stalled) - closed} of {len(stalled)} stalled connections were never closed")
    print(f"ok: slowloris: {len(stalled)} stalled connections closed, normal requests served")


CASES = {name[5:].replace("_", "-"): fn for name, fn in globals().items() if name.startswith("case_")}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--exe", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--case", choices=sorted(CASES))
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    out = os.path.join(args.work, f"received-{args.case or 'all'}.json")
    proc = subprocess.Popen([args.exe, "receive", "--listen", "127.0.0.1:0", "--out", out],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        if not line.startswith("listening on http://127.0.0.1:"):
            fail(f"receive did not say where it listens: {line!r} {proc.stderr.read()}")
        port = int(line.rsplit(":", 1)[1])
        for name, fn in CASES.items():
            if args.case in (None, name):
                fn(port)
                if proc.poll() is not None:
                    fail(f"{name}: the receiver exited ({proc.returncode})")
        peak = peak_rss_mib(proc.pid)
        if peak > RSS_LIMIT_MIB:
            fail(f"peak RSS {peak:.0f} MiB > {RSS_LIMIT_MIB} MiB")
        print(f"ok: peak RSS {peak:.0f} MiB")
        proc.terminate()
        code = proc.wait(timeout=15)
        if code != 0:
            fail(f"receive exited {code} on SIGTERM: {proc.stderr.read()}")
        with open(out) as f:
            json.load(f)
        print("ok: SIGTERM: exit 0, --out written")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    main()
