#!/usr/bin/env bash
# Runs the GitHub Actions, GitLab CI and Jenkins snippets of docs/ci.md locally, as far as a
# machine without those systems can: each snippet's ttaobs commands, with its environment, in a
# fresh directory, against recorded answers; then checks what the CI system would pick up (the
# annotations and step summary, the artifacts:reports:junit file, the junit/archiveArtifacts
# paths). Usage: run_snippets.sh TTAOBS_EXE SOURCE_DIR
#
# Adaptations, and only these: `ttaobs validate` gets `--replay fixtures/replay/<scenario>`;
# `--wait N` is dropped (a recording holds one round's answers); the snippet's *_URL variables are checked by `ttaobs config show`
# and then pointed at the recording's endpoints. Steps that do not call ttaobs are not run.
set -u
exe=${1:?usage: run_snippets.sh TTAOBS_EXE SOURCE_DIR}
src=${2:?usage: run_snippets.sh TTAOBS_EXE SOURCE_DIR}
py=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import yaml' 2>/dev/null; then
    py=$candidate
    break
  fi
done
if [[ -z $py ]]; then
  echo "SKIP: no python3 with the yaml module (apt-get install python3-yaml)" >&2
  exit 77
fi
exec "$py" - "$exe" "$src" <<'PY'
import os, re, shlex, subprocess, sys, tempfile, glob
import yaml

exe, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
doc = open(os.path.join(src, "docs/ci.md"), encoding="utf-8").read()
failures = []

def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)

def block(first_line):
    """The fenced code block of docs/ci.md whose first line is `first_line`."""
    for m in re.finditer(r"^```[a-z]*\n(.*?)^```$", doc, re.S | re.M):
        if m.group(1).splitlines()[0].strip() == first_line:
            return m.group(1)
    raise SystemExit(f"docs/ci.md has no snippet starting with {first_line!r}")

def shim(tmp, scenario):
    """A `ttaobs` on PATH that runs the built binary against the replay."""
    bindir = os.path.join(tmp, "bin")
    os.makedirs(bindir, exist_ok=True)
    path = os.path.join(bindir, "ttaobs")
    with open(path, "w") as f:
        f.write(f"""#!/usr/bin/env bash
args=()
while (($#)); do
  case $1 in
  --wait) shift ;;
  --wait=*) ;;
  *) args+=("$1") ;;
  esac
  shift
done
if [[ ${{args[0]}} == validate ]]; then
  exec {shlex.quote(exe)} validate --replay {shlex.quote(os.path.join(src, 'fixtures/replay', scenario))} "${{args[@]:1}}"
fi
exec {shlex.quote(exe)} "${{args[@]}}"
""")
    os.chmod(path, 0o755)
    return bindir

def run_commands(commands, env, scenario, extra_env=None):
    tmp = tempfile.mkdtemp(prefix="ttaobs-ci-")
    bindir = shim(tmp, scenario)
    e = {k: v for k, v in os.environ.items() if not k.startswith(("TTAOBS_", "GITHUB_"))}
    e.update(env)
    # Checked as written, then pointed at the recording (localhost, default ports).
    shown = subprocess.run([exe, "config", "show"], env=e, capture_output=True, text=True)
    check(shown.returncode == 0, f"[{scenario}] ttaobs config show accepts the snippet's environment: {shown.stderr.strip()}")
    for key, value in env.items():
        if key.startswith("TTAOBS_"):
            name = key[len("TTAOBS_"):].lower().replace("_", "-")
            check(re.search(rf"^{re.escape(name)}\s.*{re.escape(value.rstrip('/'))}", shown.stdout, re.M) is not None,
                  f"[{scenario}] {key} is a ttaobs setting and arrives as {value}")
    for key in [k for k in e if k.startswith("TTAOBS_") and k.endswith("_URL")]:
        del e[key]
    e["PATH"] = bindir + os.pathsep + e["PATH"]
    e.update(extra_env or {})
    out, code = "", 0
    for command in commands:
        r = subprocess.run(["bash", "-c", command], cwd=tmp, env=e, capture_output=True, text=True)
        out += r.stdout
        code = r.returncode
        if code != 0:
            print(f"  ({command!r} exited {code}: {r.stderr.strip()[-300:]})")
            break
    return tmp, out, code

def junit_valid(path):
    return os.path.isfile(path) and subprocess.run(
        ["xmllint", "--noout", "--schema", os.path.join(src, "fixtures/junit-10.xsd"), path],
        capture_output=True).returncode == 0

# --- GitHub Actions -------------------------------------------------------------------------
gh = yaml.safe_load(block("# .github/workflows/telemetry.yml"))
steps = next(iter(gh["jobs"].values()))["steps"]
run_steps = [s for s in steps if "ttaobs" in s.get("run", "")]
upload = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
check(len(run_steps) == 1 and len(upload) == 1 and upload[0].get("if") == "always()",
      "GitHub: one ttaobs step and an upload-artifact step that runs always()")
for scenario, want in [("healthy", 0), ("broken-propagation", 1)]:
    summary_dir = tempfile.mkdtemp(prefix="ttaobs-summary-")
    summary = os.path.join(summary_dir, "step_summary.md")
    open(summary, "w").write("previous step's summary\n")
    commands = [line for line in run_steps[0]["run"].splitlines() if line.strip()]
    tmp, out, code = run_commands(commands, run_steps[0].get("env", {}), scenario,
                                  {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": summary})
    check(code == want, f"GitHub [{scenario}]: the step exits {want} (got {code})")
    md = open(summary, encoding="utf-8").read()
    check(md.startswith("previous step's summary\n"), f"GitHub [{scenario}]: the step summary is appended to")
    check("| | Check | Measured | Message |" in md and "`trace/span-count`" in md,
          f"GitHub [{scenario}]: the step summary has the table of checks")
    if want == 0:
        check("## ✅ ttaobs validate" in md and "::error" not in out, f"GitHub [{scenario}]: no error annotation, ✅ summary")
    else:
        check(re.search(r"^::error title=ttaobs trace/[a-z-]+::.+", out, re.M) is not None,
              f"GitHub [{scenario}]: ::error annotations for the failing trace checks")
        check("## ❌ ttaobs validate" in md and "### ❌ `trace/" in md and "```text\n" in md,
              f"GitHub [{scenario}]: ❌ summary with the failing trace check's subtree in a code block")
    uploaded = os.path.join(tmp, upload[0]["with"]["path"])
    for name in ("ttaobs.xml", "ttaobs.json", "ttaobs.html"):
        check(os.path.isfile(os.path.join(uploaded, name)), f"GitHub [{scenario}]: artifact path holds {name}")
    check(junit_valid(os.path.join(uploaded, "ttaobs.xml")), f"GitHub [{scenario}]: the JUnit artifact is junit-10.xsd-valid")

# --- GitLab CI ------------------------------------------------------------------------------
gl = yaml.safe_load(block("# .gitlab-ci.yml"))
job = gl["telemetry"]
for scenario, want in [("healthy", 0), ("broken-propagation", 1)]:
    tmp, out, code = run_commands(job["script"], job.get("variables", {}), scenario)
    check(code == want, f"GitLab [{scenario}]: the job exits {want} (got {code})")
    junit = os.path.join(tmp, job["artifacts"]["reports"]["junit"])
    check(junit_valid(junit), f"GitLab [{scenario}]: artifacts:reports:junit {job['artifacts']['reports']['junit']} exists, junit-10.xsd-valid")
    check(job["artifacts"].get("when") == "always", "GitLab: artifacts are kept when the job fails")
    for p in job["artifacts"]["paths"]:
        check(os.path.exists(os.path.join(tmp, p)), f"GitLab [{scenario}]: artifacts:paths {p} exists")
    if want:
        check('<failure type="fail"' in open(junit, encoding="utf-8").read(), f"GitLab [{scenario}]: the failure is in the JUnit report")

# --- Jenkins --------------------------------------------------------------------------------
jf = block("// Jenkinsfile")
env = dict(re.findall(r"^\s*(TTAOBS_[A-Z_]+)\s*=\s*'([^']*)'", jf, re.M))
commands = re.findall(r"^\s*sh\s+'([^']*)'", jf, re.M)
junit_path = re.search(r"junit\s+testResults:\s*'([^']+)'", jf)
archive = re.search(r"archiveArtifacts\s+artifacts:\s*'([^']+)'", jf)
check(bool(env) and bool(commands) and junit_path is not None and archive is not None and "always {" in jf,
      "Jenkins: environment, sh steps, and junit + archiveArtifacts under post { always }")
for scenario, want in [("healthy", 0), ("broken-propagation", 1)]:
    tmp, out, code = run_commands(commands, env, scenario)
    check(code == want, f"Jenkins [{scenario}]: the sh step exits {want} (got {code})")
    check(junit_valid(os.path.join(tmp, junit_path.group(1))), f"Jenkins [{scenario}]: junit testResults {junit_path.group(1)} is junit-10.xsd-valid")
    check(len(glob.glob(os.path.join(tmp, archive.group(1)))) >= 3, f"Jenkins [{scenario}]: archiveArtifacts {archive.group(1)} matches the reports")

print(f"{len(failures)} problem(s)")
sys.exit(1 if failures else 0)
PY
