#!/usr/bin/env python3
"""Fails when a source file includes a header from a higher layer (docs/ARCHITECTURE.md, "Layers").

Usage: check_layers.py SOURCE_DIR. Prints one line per offending include, FILE:LINE: what and why.
"""
import pathlib
import re
import sys

# Lowest first; a file may include its own layer or any lower one. checks and report share a rank
# but may not include each other.
LAYERS = [["src/util"], ["src/json", "src/yaml"], ["src/suite"], ["src/trace"], ["src/http"], ["src/metrics"], ["src/sources"],
          ["src/config"], ["src/core"], ["checks", "src/report"], ["src/cli"], ["src/main.cpp"]]
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]((?:src|checks)/[^>"]+)[>"]')


def home(path):
    """(rank, name) of the layer that owns `path` (relative to the source dir), or None."""
    for rank, names in enumerate(LAYERS):
        for name in names:
            if path == name or path.startswith(name + "/"):
                return rank, name
    return None


def main(root):
    root = pathlib.Path(root)
    problems = []
    files = [p for d in ("src", "checks") for p in sorted((root / d).rglob("*")) if p.suffix in (".cpp", ".hpp")]
    for path in files:
        rel = path.relative_to(root).as_posix()
        mine = home(rel)
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = INCLUDE.match(line)
            target = home(match.group(1)) if match else None
            if mine is None or target is None:
                continue
            if target[0] > mine[0] or (target[0] == mine[0] and target[1] != mine[1]):
                problems.append(f"{rel}:{number}: includes {match.group(1)} ({target[1]} is not below {mine[1]})")
    for problem in problems:
        print(problem)
    print(f"{len(files)} files, {len(problems)} upward or sideways includes", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
