"""One cell of the fault matrix (matrix.py): its fault server, its runs of ttaobs and the
assertions every cell makes (exit code, wall time, peak RSS, messages, secrets, reports)."""

import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import threading
import time

SECRET = "FaultS3cret"
PASSWORD = "FaultPassw0rd"
TIMEOUT = 2.0          # --timeout of every cell (seconds)
WALL_SLACK = 3.0       # a run may end this long after --timeout: start-up, reports, a loaded machine
RSS_LIMIT_MIB = 256    # peak RSS bound of one run
NESTED_RSS_MIB = 128   # issue 12: a nested answer is rejected at <= 128 MiB
MEMORY_CAP = 3 << 30   # RLIMIT_AS of each run, so a regression cannot take the machine down

HERE = os.path.dirname(os.path.abspath(__file__))


class Cell:
    """One run's context: the server, the work directory and what was found wrong."""

    def __init__(self, args, name):
        self.args = args
        self.name = name
        self.command, self.fault = name.split("/", 1)
        self.work = os.path.join(args.work, name.replace("/", "-"))
        shutil.rmtree(self.work, ignore_errors=True)
        os.makedirs(self.work)
        self.problems = []
        self.server = None
        self.port = None

    def fail(self, what):
        self.problems.append(what)

    # --- the fault server -------------------------------------------------------------------
    def start_server(self, tls=False):
        cmd = [sys.executable, os.path.join(HERE, "fault_server.py"),
               "--fixtures", os.path.join(self.args.source, "fixtures/replay/healthy")]
        if self.fault == "gzip":
            cmd += ["--gzip-cache", os.path.join(self.args.work, "bomb.gz")]
        if tls:
            cmd += ["--tls", os.path.join(self.args.work, "cert.pem"), os.path.join(self.args.work, "key.pem")]
        self.server = subprocess.Popen(cmd, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        self.port = int(self.server.stdout.readline())

    def stop_server(self):
        if self.server:
            self.server.kill()
            self.server.wait()

    def base(self, mode, path="", scheme="http"):
        return f"{scheme}://127.0.0.1:{self.port}/{mode}{path}?api_key={SECRET}"

    def target(self, fault, path=""):
        """(URL ttaobs is given, text a message must name) for a fault on one endpoint."""
        if fault == "refused":
            with socket.socket() as s:  # a port nobody listens on
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            return f"http://127.0.0.1:{port}{path}?api_key={SECRET}", f"http://127.0.0.1:{port}"
        if fault == "dns":
            return f"http://fault-matrix.invalid:9{path}?api_key={SECRET}", "fault-matrix.invalid"
        if fault == "tls":
            return self.base("ok", path, "https"), f"https://127.0.0.1:{self.port}/ok"
        return self.base(fault, path), f"http://127.0.0.1:{self.port}/{fault}"

    # --- running ttaobs ---------------------------------------------------------------------
    def spawn(self, argv, tag="run"):
        out = open(os.path.join(self.work, f"{tag}.out"), "wb")
        err = open(os.path.join(self.work, f"{tag}.err"), "wb")
        env = {k: v for k, v in os.environ.items() if not k.startswith("TTAOBS_")}
        env["NO_COLOR"] = "1"

        def limit():
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

        proc = subprocess.Popen([self.args.exe] + argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                env=env, cwd=self.work, preexec_fn=limit)
        out.close()
        err.close()
        return proc

    def reap(self, proc, tag="run", started=None, guard=None):
        """Waits (killing after timeout + 10 s), returns (exit code, wall s, peak RSS MiB, out, err)."""
        started = started or time.monotonic()
        timer = threading.Timer(guard or TIMEOUT + 10, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.monotonic() - started
        code = proc.returncode if proc.returncode >= 0 else 128 - proc.returncode
        with open(os.path.join(self.work, f"{tag}.out"), "rb") as f:
            out = f.read()
        with open(os.path.join(self.work, f"{tag}.err"), "rb") as f:
            err = f.read()
        return code, wall, usage.ru_maxrss / 1024.0, out, err

    def run(self, argv, tag="run"):
        started = time.monotonic()
        return self.reap(self.spawn(argv, tag), tag, started)

    # --- assertions -------------------------------------------------------------------------
    def expect_run(self, result, exit_code, url_text=None, cause=None, rss_mib=RSS_LIMIT_MIB, wall_limit=None):
        code, wall, rss, out, err = result
        if code != exit_code:
            self.fail(f"exit {code}, expected {exit_code}")
        limit = wall_limit if wall_limit is not None else TIMEOUT + WALL_SLACK
        if wall > limit:
            self.fail(f"wall time {wall:.2f}s > {limit:.1f}s")
        if rss > rss_mib:
            self.fail(f"peak RSS {rss:.0f} MiB > {rss_mib} MiB")
        for stream, data in (("stdout", out), ("stderr", err)):
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as e:
                self.fail(f"{stream} is not UTF-8 ({e.reason} at byte {e.start})")
            controls = sorted({c for c in data if c < 0x20 and c not in (0x09, 0x0A)} | ({0x7F} & set(data)))
            if controls:  # NO_COLOR is set: no escape sequence or control character belongs here
                self.fail(f"{stream} holds raw control characters {[hex(c) for c in controls]}")
        text = (out + err).decode("utf-8", "replace")
        if url_text and url_text not in text:
            self.fail(f"no message names {url_text}")
        if cause and not re.search(cause, text):
            self.fail(f"no message names the cause /{cause}/")
        self.no_secret("stdout+stderr", out + err)
        print(f"  exit {code}, {wall:.2f}s, {rss:.0f} MiB peak RSS")

    def no_secret(self, where, data):
        for secret in (SECRET, PASSWORD):
            if secret.encode() in data:
                self.fail(f"secret {secret} in {where}")

    def junit_ok(self, path):
        if not os.path.isfile(path) or os.path.getsize(path) == 0:
            return self.fail(f"no JUnit report at {os.path.basename(path)}")
        with open(path, "rb") as f:
            self.no_secret("JUnit", f.read())
        xsd = os.path.join(self.args.source, "fixtures/junit-10.xsd")
        check = subprocess.run(["xmllint", "--noout", "--schema", xsd, path], capture_output=True)
        if check.returncode != 0:
            self.fail("JUnit not valid: " + check.stderr.decode("utf-8", "replace").strip().splitlines()[0])

    def json_ok(self, data, where, keys=()):
        self.no_secret(where, data)
        try:
            doc = json.loads(data)
        except ValueError as e:
            return self.fail(f"{where} is not JSON ({e})")
        for key in keys:
            if key not in doc:
                self.fail(f"{where} has no '{key}'")

    def no_temp_files(self):
        left = [n for n in os.listdir(self.work) if ".tmp" in n]
        if left:
            self.fail(f"temporary files left: {left}")
