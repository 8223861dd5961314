#!/usr/bin/env python3
"""The HTML report in headless Chromium (Debian `chromium`), from a file, with no network.

First, without a browser: the page's Content-Security-Policy names the SHA-256 of its own script
(the only script allowed to run), so a hostile name that escaped escaping still could not run.

For each report made by `ttaobs validate --from-file ... --html` it checks:
  - the inline script ran (body[data-ttaobs-ready]) without an error (body[data-ttaobs-error], and
    no "Uncaught" / "Refused to" / CSP-violation console line: the CSP refuses any external asset);
  - the tree + waterfall exist with one row and one bar per span, problems marked, failing checks
    highlighted, and hostile span names are text (no injected <script>);
  - collapse/expand work (a test-only probe appended to a copy clicks the buttons);
  - a screenshot is a real picture (not blank, the failure colour and the bar colour present);
  - a 10,000-span trace renders (and collapses) within a generous bound; the time is printed.
Exit 77 (ctest SKIP_RETURN_CODE) when chromium is not installed.
"""
import argparse
import base64
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

BOUND_SECONDS = 30  # generous: it must finish, not be fast (measured times are printed)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
         "--enable-logging=stderr", "--v=0"]
HOSTILE = "</script><script>document.title='pwned'</script><img src=x onerror=alert(1)>"
FAILURES = []


def fail(message):
    FAILURES.append(message)
    print("FAIL: " + message, file=sys.stderr)


def span(trace, sid, parent, name, start, duration):
    refs = [{"refType": "CHILD_OF", "traceID": trace, "spanID": parent}] if parent else []
    return {"traceID": trace, "spanID": sid, "operationName": name, "references": refs, "startTime": start,
            "duration": duration, "tags": [], "logs": [], "processID": "p1"}


def jaeger_file(path, trace, spans):
    doc = {"data": [{"traceID": trace, "spans": spans, "processes": {"p1": {"serviceName": "svc", "tags": []}}}]}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)


def broken_trace(path):
    t, s0 = "b0b0b0b0b0b0b0b0", 1_700_000_000_000_000
    jaeger_file(path, t, [
        span(t, "0000000000000001", None, "demo.workflow_execution", s0, 100_000),
        dict(span(t, "0000000000000002", "0000000000000001", HOSTILE, s0 + 1000, 20_000),
             tags=[{"key": "error", "type": "bool", "value": True}]),
        span(t, "0000000000000003", "0000000000000002", "late child \u202e\u0007", s0 + 5000, 200_000),
        span(t, "0000000000000004", "00000000000000ff", "orphan", s0 + 9000, 1000),
        span(t, "0000000000000005", "0000000000000006", "cycle-a", s0 + 10, 10),
        span(t, "0000000000000006", "0000000000000005", "cycle-b", s0 + 20, 10),
    ])


def big_trace(path, n):
    t, s0, out = "b1b1b1b1b1b1b1b1", 1_700_000_000_000_000, []
    for i in range(n):  # a tree of fan-out 8 under one root, each child inside its parent
        parent = None if i == 0 else "%016x" % ((i - 1) // 8 + 1)
        depth = 0 if i == 0 else len(bin((i - 1) // 8 + 1))
        out.append(span(t, "%016x" % (i + 1), parent, "op-%d" % (i % 97), s0 + i + depth, max(1, 1_000_000 - 40 * i)))
    jaeger_file(path, t, out)


def run_validate(args, trace_file, html):
    cmd = [args.exe, "validate", "--from-file", trace_file, "--settle", "0", "--html", html,
           "--only", "trace/span-count,trace/root-span,trace/sequential-span",
           "--jaeger-url", "http://127.0.0.1:1", "--prometheus-url", "http://127.0.0.1:1",
           "--metrics-url", "http://127.0.0.1:1/metrics", "--collector-url", "http://127.0.0.1:1/"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("TTAOBS_")}
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    if done.returncode not in (0, 1, 3) or not os.path.exists(html):
        fail("validate exit %d: %s" % (done.returncode, done.stderr.strip()))
        sys.exit(1)


def chromium(args, extra, url):
    profile = tempfile.mkdtemp(prefix="ttaobs-chromium-")
    try:
        started = time.monotonic()
        done = subprocess.run([args.chromium, *FLAGS, "--user-data-dir=" + profile, *extra, url],
                              capture_output=True, text=True, timeout=BOUND_SECONDS * 4, errors="replace")
        return done, time.monotonic() - started
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def console_errors(stderr):
    return [line for line in stderr.splitlines()
            if "CONSOLE" in line and re.search(r"Uncaught|Refused to|Error|Content Security Policy|blocked", line)]


def attr(dom, name):
    m = re.search(r'<body[^>]*\s%s="([^"]*)"' % re.escape(name), dom)
    return m.group(1) if m else None


# A test-only probe appended to a copy of the report: clicks "collapse all", a toggle, "expand all"
# on the first trace and records what became visible, and how long the clicks took.
PROBE = """<script>(function () {
  var b = document.body, a = document.querySelector('article.trace'), t0 = performance.now();
  function visible() { return a.querySelectorAll('.row:not([hidden])').length; }
  a.querySelector('[data-act=collapse]').click(); b.setAttribute('data-probe-collapsed', visible());
  a.querySelector('.toggle:not(.leaf)').click(); b.setAttribute('data-probe-one-open', visible());
  a.querySelector('[data-act=expand]').click(); b.setAttribute('data-probe-expanded', visible());
  a.querySelector('.toggle:not(.leaf)').click(); b.setAttribute('data-probe-root-closed', visible());
  b.setAttribute('data-probe-ms', Math.round(performance.now() - t0));
})();</script>
"""


def sha256(text):
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def check_script_hash(html):
    """The page's CSP lets only its own script run, by hash: the hash must be the script's."""
    text = open(html, encoding="utf-8").read()
    begin = text.rindex("<script>") + len("<script>")
    actual = sha256(text[begin:text.index("</script>", begin)])
    declared = re.search(r"script-src 'sha256-([^']*)'", text)
    if not declared or declared.group(1) != actual:
        fail("the CSP's script hash is %s, the script's is %s: set html_script_sha256() in "
             "src/report/html_assets.cpp to \"%s\"" % (declared and declared.group(1), actual, actual))


def with_probe(html, probed):
    """A copy of `html` with PROBE before </body>, which its CSP then allows by hash."""
    text = open(html, encoding="utf-8").read()
    probe = PROBE[len("<script>"):PROBE.rindex("</script>")]
    text = re.sub(r"script-src ('sha256-[^']*')", r"script-src \1 'sha256-%s'" % sha256(probe), text, count=1)
    with open(probed, "w", encoding="utf-8") as f:
        f.write(text.replace("</body>", PROBE + "</body>"))


def check_dom(args, html, label, spans, root_descendants):
    probed = html.replace(".html", "-probe.html")
    with_probe(html, probed)
    done, seconds = chromium(args, ["--dump-dom", "--window-size=1280,1000"], "file://" + probed)
    dom = done.stdout
    print("%s: %d spans: dump-dom in %.2fs, tree built in %s ms, clicks in %s ms" %
          (label, spans, seconds, attr(dom, "data-build-ms"), attr(dom, "data-probe-ms")))
    if seconds > BOUND_SECONDS:
        fail("%s: chromium took %.1fs (bound %ds)" % (label, seconds, BOUND_SECONDS))
    if attr(dom, "data-ttaobs-ready") != "1":
        fail("%s: the report's script did not finish (no data-ttaobs-ready); stderr: %s" % (label, done.stderr[-2000:]))
    if attr(dom, "data-ttaobs-error") is not None:
        fail("%s: script error: %s" % (label, attr(dom, "data-ttaobs-error")))
    for line in console_errors(done.stderr):
        fail("%s: console: %s" % (label, line))
    rows, bars = dom.count('<div class="row'), dom.count('<div class="bar"')
    if rows != spans or bars != spans or attr(dom, "data-spans-drawn") != str(spans):
        fail("%s: %d rows, %d bars, drawn %s; expected %d" % (label, rows, bars, attr(dom, "data-spans-drawn"), spans))
    if '<div class="tree waterfall" data-rows="%d">' % spans not in dom or '<div class="ruler">' not in dom:
        fail("%s: no tree/waterfall container with its ruler" % label)
    if dom.count("<script") != 3:  # the JSON block, the report's script, the probe: nothing injected
        fail("%s: %d <script> elements" % (label, dom.count("<script")))
    expanded = attr(dom, "data-probe-expanded")
    # collapse all leaves the tops; opening the first root shows its children; closing it hides its subtree
    if expanded != str(spans) or int(attr(dom, "data-probe-one-open") or -1) <= int(attr(dom, "data-probe-collapsed") or 0):
        fail("%s: collapse/expand: %s" % (label, {k: attr(dom, "data-probe-" + k) for k in
                                                 ("collapsed", "one-open", "expanded", "root-closed")}))
    if int(attr(dom, "data-probe-root-closed") or -1) != spans - root_descendants:
        fail("%s: closing the root left %s rows visible, expected %d" % (label, attr(dom, "data-probe-root-closed"),
                                                                          spans - root_descendants))
    return dom


def png_pixels(path):
    """(width, height, rows of RGB(A) bytes) of an 8-bit non-interlaced RGB/RGBA PNG."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and color in (2, 6) and chunk[12] == 0, "unexpected PNG format"
            bpp = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * bpp, [], bytearray(width * bpp)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], prev[x - bpp] if x >= bpp else 0
            if kind == 1: line[x] = (line[x] + a) & 255
            elif kind == 2: line[x] = (line[x] + b) & 255
            elif kind == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, bpp, rows


def check_screenshot(args, html, shot):
    done, seconds = chromium(args, ["--screenshot=" + shot, "--window-size=1100,1800"], "file://" + html)
    if not os.path.exists(shot):
        fail("no screenshot: " + done.stderr[-1000:])
        return
    width, height, bpp, rows = png_pixels(shot)
    total, ink, colours, red, blue = 0, 0, set(), 0, 0
    for y in range(0, height, 2):
        line = rows[y]
        for x in range(0, width * bpp, bpp * 2):
            r, g, b = line[x], line[x + 1], line[x + 2]
            total += 1
            ink += (r, g, b) != (255, 255, 255)
            colours.add((r >> 4, g >> 4, b >> 4))
            red += r > 180 and g < 80 and b < 90      # the failure colour (#cf222e)
            blue += r < 120 and 150 < g < 200 and b > 230  # the waterfall bars (#54aeff)
    print("screenshot %dx%d in %.2fs: %.1f%% ink, %d colour buckets, %d red, %d blue samples" %
          (width, height, seconds, 100.0 * ink / total, len(colours), red, blue))
    if ink < total // 50 or len(colours) < 8 or red == 0 or blue == 0:
        fail("the screenshot looks blank or lacks the failure/bar colours (%s)" % shot)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--exe", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser"))
    args = parser.parse_args()
    os.makedirs(args.work, exist_ok=True)
    broken, big = os.path.join(args.work, "broken.json"), os.path.join(args.work, "big.json")
    broken_trace(broken)
    big_trace(big, 10_000)
    broken_html, big_html = os.path.join(args.work, "broken.html"), os.path.join(args.work, "big.html")
    run_validate(args, broken, broken_html)
    run_validate(args, big, big_html)
    check_script_hash(broken_html)  # needs no browser: checked before a skip
    if FAILURES:
        return 1
    if not args.chromium:
        print("SKIP: chromium is not installed (apt-get install chromium; scripts/setup does)")
        return 77

    dom = check_dom(args, broken_html, "broken trace", 6, 2)
    if "&lt;/script&gt;&lt;script&gt;document.title='pwned'" not in dom or "<title>ttaobs: observability-demo" not in dom:
        fail("the hostile span name is not shown as text, or the title changed")
    if not re.search(r'<tr class="check (fail|error|warn) problem"', dom):
        fail("no failing check highlighted")
    for mark in ("orphan: parent 00000000000000ff not in trace", "in a reference cycle", "ends 184ms after its parent",
                 "status ERROR"):
        if mark not in dom:
            fail("problem not marked: " + mark)
    if dom.count('<div class="row problem"') != 5:
        fail("%d problem rows, expected 5" % dom.count('<div class="row problem"'))
    check_dom(args, big_html, "10,000-span trace", 10_000, 9_999)
    check_screenshot(args, broken_html, os.path.join(args.work, "broken.png"))
    print("%d problem(s)" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
