#!/usr/bin/env bash
# Validates every shipped suite file against docs/schemas/suite.schema.json: the built-in suites
# (checks/suites/*.yaml), examples/**/*.yaml when present, and the ```yaml blocks of docs/*.md and README.md
# that are whole suites (a top-level `suite:` key). Then proves the schema can fail: it must
# reject an unknown key, an unknown kind, a wrong type, a bad comparison and a bad duration, and
# accept ${VAR} where the readers interpolate. fixtures/yaml/*.yaml are YAML-parser inputs, not
# suites, and are not checked. Usage: validate_suites.sh SOURCE_DIR
# Exit 77 (ctest: skipped) when no python3 with yaml and jsonschema is found: scripts/setup
# installs Debian's python3-jsonschema; python3-yaml is Debian's PyYAML.
set -u
src=${1:?usage: validate_suites.sh SOURCE_DIR}
py=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import jsonschema, yaml' 2>/dev/null; then
    py=$candidate
    break
  fi
done
if [[ -z $py ]]; then
  echo "SKIP: no python3 with the jsonschema and yaml modules (apt-get install python3-jsonschema python3-yaml)" >&2
  exit 77
fi
exec "$py" - "$src" <<'PY'
import glob, json, os, re, sys
import jsonschema, yaml

src = sys.argv[1]
with open(os.path.join(src, "docs/schemas/suite.schema.json"), encoding="utf-8") as f:
    schema = json.load(f)
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
validator = cls(schema)

documents = []  # (name, text)
for pattern in ("checks/suites/*.yaml", "examples/**/*.yaml", "examples/**/*.yml"):
    for path in sorted(glob.glob(os.path.join(src, pattern), recursive=True)):
        with open(path, encoding="utf-8") as f:
            documents.append((os.path.relpath(path, src), f.read()))
for path in sorted(glob.glob(os.path.join(src, "docs/**/*.md"), recursive=True)) + [os.path.join(src, "README.md")]:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for n, block in enumerate(re.findall(r"^```yaml\n(.*?)^```", text, re.S | re.M), 1):
        if re.search(r"^suite:", block, re.M):
            documents.append((f"{os.path.relpath(path, src)} (yaml block {n})", block))

bad = 0
for name, text in documents:
    errors = sorted(validator.iter_errors(yaml.safe_load(text)), key=lambda e: list(e.path))
    for e in errors[:5]:
        print(f"FAIL {name}: at /{'/'.join(map(str, e.path))}: {e.message[:300]}")
    bad += bool(errors)
print(f"{len(documents)} suite files checked against docs/schemas/suite.schema.json, {bad} invalid")

def suite(**check):
    return {"suite": "t", "checks": [{"id": "a/b", **check}]}

must_reject = {
    "an unknown top-level key": {"suite": "t", "checks": [], "chekcs": []},
    "an unknown key of a kind": suite(kind="trace.span_count", min=1, maximum=3),
    "an unknown kind": suite(kind="trace.span", min=1),
    "a wrong type": suite(kind="trace.span_count", min="five"),
    "a bad comparison": suite(kind="prometheus.query", query="up", expect={"scalar": "at least 1"}),
    "a bad duration": suite(kind="trace.containment", tolerance="5 minutes"),
    "a bad id": suite(kind="prometheus.up", id="no-area"),
    "url and endpoint both": suite(kind="health.http", url="http://x/", endpoint="jaeger"),
    "an unknown selector key": suite(kind="trace.spans", select={"nmae": "x"}),
}
must_accept = {
    "${VAR} values": suite(kind="trace.spans", count={"min": "${MIN:-1}"}, duration={"max": "${MAX}"},
                           select={"name": {"glob": "checkout.*"}, "status": "${STATUS}"}),
    "a bare-seconds duration": suite(kind="prometheus.targets", job="j", max_scrape_duration=2),
}
for what, doc in must_reject.items():
    if validator.is_valid(doc):
        print(f"FAIL the schema accepts {what}: {json.dumps(doc)}")
        bad += 1
for what, doc in must_accept.items():
    for e in validator.iter_errors(doc):
        print(f"FAIL the schema rejects {what}: at /{'/'.join(map(str, e.path))}: {e.message[:300]}")
        bad += 1
sys.exit(1 if bad or not documents else 0)
PY
