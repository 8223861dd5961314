#!/usr/bin/env bash
# Validates every JSON report ttaobs writes against docs/schemas/*.schema.json:
#   validate --json  for every replay scenario (both suites, one multi-trace run, --from-file traces),
#   trace --format json  for every trace fixture and the replays (--limit 3 too),
#   lint-metrics --format json  for every exposition fixture (with --extended on some),
# plus the golden report of the unit tests. Usage: validate_reports.sh TTAOBS_EXE SOURCE_DIR
# Exit 77 (ctest: skipped) when no python3 with jsonschema is found: scripts/setup installs
# Debian's python3-jsonschema.
set -u
exe=${1:?usage: validate_reports.sh TTAOBS_EXE SOURCE_DIR}
src=${2:?usage: validate_reports.sh TTAOBS_EXE SOURCE_DIR}
py=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import jsonschema' 2>/dev/null; then
    py=$candidate
    break
  fi
done
if [[ -z $py ]]; then
  echo "SKIP: no python3 with the jsonschema module (apt-get install python3-jsonschema)" >&2
  exit 77
fi
# The reports must not depend on the caller's settings, nor feed a real GitHub job summary.
unset GITHUB_ACTIONS GITHUB_STEP_SUMMARY
while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep '^TTAOBS_')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/validate" "$work/trace" "$work/lint-metrics"
cd "$src" || exit 2
n=0
for scenario in fixtures/replay/*/; do
  name=$(basename "$scenario")
  for suite in foundation conformance; do
    "$exe" validate --replay "$scenario" --suite "$suite" --json "$work/validate/$name-$suite.json" >/dev/null 2>&1
    n=$((n + 1))
  done
  "$exe" trace --replay "$scenario" --format json >"$work/trace/$name.json" 2>/dev/null
  "$exe" trace --replay "$scenario" --format json --limit 3 >"$work/trace/$name-limit3.json" 2>/dev/null
done
"$exe" validate --replay fixtures/replay/healthy --traces 3 --quantifier 0.5 --strict \
  --json "$work/validate/healthy-traces3.json" >/dev/null 2>&1
for file in fixtures/jaeger/*.json fixtures/otlp/*.json; do
  name=$(basename "$file" .json)
  "$exe" trace --from-file "$file" --format json >"$work/trace/file-$name.json" 2>/dev/null
  "$exe" trace --from-file "$file" --format json --limit 3 >"$work/trace/file-$name-limit3.json" 2>/dev/null
  "$exe" validate --replay fixtures/replay/healthy --from-file "$file" --json "$work/validate/file-$name.json" \
    >/dev/null 2>&1
done
i=0
while IFS= read -r -d '' file; do
  i=$((i + 1))
  "$exe" lint-metrics "$file" --format json >"$work/lint-metrics/$i.json" 2>/dev/null
  case $file in
  */samples/* | */edge-cases/*) "$exe" lint-metrics "$file" --format json --extended >"$work/lint-metrics/$i-x.json" 2>/dev/null ;;
  esac
done < <(find fixtures/exposition -type f \( -name '*.txt' -o -name metrics -o -path '*fuzz-corpus*' \) -print0)
"$exe" lint-metrics /nonexistent/metrics.txt --format json >"$work/lint-metrics/unreadable.json" 2>/dev/null
cp tests/golden/report.json "$work/validate/golden.json"

"$py" - "$src/docs/schemas" "$work" <<'PY'
import json, os, sys
import jsonschema

schemas, work = sys.argv[1], sys.argv[2]
kinds = {"validate": "validate.schema.json", "trace": "trace.schema.json", "lint-metrics": "lint-metrics.schema.json"}
bad = checked = empty = 0
for kind, schema_file in kinds.items():
    with open(os.path.join(schemas, schema_file), encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema)
    for name in sorted(os.listdir(os.path.join(work, kind))):
        path = os.path.join(work, kind, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if not text.strip():
            empty += 1  # e.g. a trace replay with nothing to draw: nothing was written, nothing to check
            continue
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            print(f"FAIL {kind}/{name}: not one JSON value: {e}")
            bad += 1
            continue
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        checked += 1
        for e in errors[:5]:
            print(f"FAIL {kind}/{name}: at /{'/'.join(map(str, e.path))}: {e.message[:300]}")
        bad += bool(errors)
print(f"{checked} reports checked against docs/schemas ({empty} empty outputs), {bad} invalid")
sys.exit(1 if bad or checked == 0 else 0)
PY
