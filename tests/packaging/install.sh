#!/usr/bin/env bash
# install.sh BUILD_DIR: `cmake --install BUILD_DIR --prefix STAGING` installs exactly the program, its
# man page, the bash/zsh/fish completions and the Markdown docs (no tests, benches or fuzzers);
# the installed ttaobs runs, the man page renders without a warning, and every shell that is
# installed parses its completion (a missing zsh, fish or groff is reported, not failed).
set -euo pipefail
build=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/ttaobs-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
stage=$work/prefix
status=0
fail() { echo "FAIL: $*"; status=1; }

cmake --install "$build" --prefix "$stage" >/dev/null

# Exactly these files, nothing else.
unexpected=$(cd "$stage" && find . -type f -o -type l | sed 's|^\./||' | grep -vE '^(bin/ttaobs|share/man/man1/ttaobs\.1(\.gz)?|share/bash-completion/completions/ttaobs|share/zsh/(vendor-completions|site-functions)/_ttaobs|share/fish/vendor_completions\.d/ttaobs\.fish|share/doc/ttaobs/[A-Za-z0-9_.-]+\.md)$' || true)
[[ -z $unexpected ]] || fail "installed files that are not the program, man page, completions or docs: $unexpected"
for f in bin/ttaobs share/bash-completion/completions/ttaobs share/fish/vendor_completions.d/ttaobs.fish \
  share/doc/ttaobs/README.md share/doc/ttaobs/ARCHITECTURE.md; do
  [[ -e $stage/$f ]] || fail "$f is not installed"
done
zsh_completion=$(find "$stage/share/zsh" -name _ttaobs | head -1)
[[ -n $zsh_completion ]] || fail "_ttaobs is not installed"
man=$(find "$stage/share/man/man1" -name 'ttaobs.1*' | head -1)
[[ -n $man ]] || fail "ttaobs.1 is not installed"

# The installed program runs and says which build it is.
if version=$("$stage/bin/ttaobs" --version); then
  echo "$version" | head -1 | grep -qE '^ttaobs [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version's first line: $(echo "$version" | head -1)"
  for field in revision "build type" compiler libcurl fmt nlohmann_json CLI11 zlib; do
    echo "$version" | grep -qE "^$field: +[^ ]" || fail "--version has no '$field:' line"
  done
else
  fail "the installed ttaobs --version failed"
fi

# The man page renders without a warning (groff -ww: all warnings), and through man(1).
if [[ -n $man ]]; then
  if command -v groff >/dev/null; then
    warnings=$(zcat -f "$man" | groff -man -Tutf8 -ww -z 2>&1 || echo "groff failed")
    [[ -z $warnings ]] || fail "groff warns on ttaobs.1: $warnings"
  else
    echo "SKIP: groff is not installed; the man page's warnings are not checked"
  fi
  if command -v man >/dev/null; then
    page=$(MANWIDTH=80 man --warnings -l "$man" 2>"$work/man.err") || fail "man -l failed: $(cat "$work/man.err")"
    [[ ! -s $stage/man.err ]] || fail "man -l warns: $(cat "$work/man.err")"
    grep -q 'EXIT STATUS' <<<"$page" || fail "man -l rendered no EXIT STATUS section"
  else
    echo "SKIP: man is not installed"
  fi
fi

# Every installed shell parses its completion; bash also completes with it.
bash -n "$stage/share/bash-completion/completions/ttaobs" || fail "bash -n rejects the bash completion"
[[ $(bash -c 'source "$1"; COMP_WORDS=(ttaobs trace --format ""); COMP_CWORD=3; _ttaobs; echo "${COMPREPLY[*]}"' _ \
  "$stage/share/bash-completion/completions/ttaobs") == "tree waterfall json" ]] || fail "the installed bash completion does not complete trace --format"
for sh in zsh fish; do
  file=$zsh_completion
  [[ $sh == fish ]] && file=$stage/share/fish/vendor_completions.d/ttaobs.fish
  if command -v $sh >/dev/null; then
    $sh -n "$file" || fail "$sh -n rejects $file"
  else
    echo "SKIP: $sh is not installed; its completion is not parsed"
  fi
done

[[ $status == 0 ]] && echo "ok: cmake --install: $(cd "$stage" && find . -type f | wc -l) files, ttaobs runs, man page and completions parse"
exit $status
