#!/usr/bin/env bash
# completions.sh SOURCE_DIR TTAOBS: the bash, zsh and fish completions offer exactly the long flags
# `ttaobs <command> --help` lists, for validate, trace, lint-metrics, probe, checks list, suite check, suite show, suite init and config show,
# and exactly the subcommands `ttaobs --help` lists; ttaobs(1) names every subcommand and carries
# the program's version. Asks each shell itself (bash's completion function, fish's `complete -C`,
# zsh's spec functions with compsys stubbed); a missing zsh or fish is reported and skipped.
set -euo pipefail
src=$1 exe=$2
comp=$src/completions
status=0
commands=(validate trace lint-metrics probe "checks list" "suite check" "suite show" "suite init" "config show")

# The long flags of a command's --help: the option column only ("  -h,--help", "  --jaeger-url TEXT").
help_flags() { $exe $1 --help | grep -oE '^ +(-[a-zA-Z],)?--[a-z0-9-]+' | grep -oE -- '--[a-z0-9-]+' | sort -u; }
help_subcommands() { $exe --help | sed -n '/^Subcommands:/,/^$/p' | sed 1d | awk 'NF { print $1 }' | sort -u; }

bash_flags() {
  bash -c 'source "$1"; COMP_WORDS=(ttaobs $2 --); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _ttaobs
           printf "%s\n" "${COMPREPLY[@]}"' _ "$comp/ttaobs.bash" "$1" | sort -u
}
bash_subcommands() {
  bash -c 'source "$1"; COMP_WORDS=(ttaobs ""); COMP_CWORD=1; _ttaobs; printf "%s\n" "${COMPREPLY[@]}"' _ "$comp/ttaobs.bash" | sort -u
}
fish_flags() { fish -c "source $comp/ttaobs.fish; complete -C 'ttaobs $1 --'" | cut -f1 | grep -E '^--' | sort -u; }
fish_subcommands() { fish -c "source $comp/ttaobs.fish; complete -C 'ttaobs '" | cut -f1 | sort -u; }
# zsh: _arguments prints its specs instead of completing; a spec's flag follows an optional
# exclusion list "(...)" and a repeat mark "*".
zsh_flags() {
  local fn
  case $1 in
  validate) fn=_ttaobs_validate ;;
  "config show") fn=_ttaobs_config_show ;;
  trace) fn=_ttaobs_trace ;;
  lint-metrics) fn=_ttaobs_lint_metrics ;;
  probe) fn=_ttaobs_probe ;;
  "checks list") fn=_ttaobs_checks_list ;;
  "suite check") fn=_ttaobs_suite_check ;;
  "suite show") fn=_ttaobs_suite_show ;;
  "suite init") fn=_ttaobs_suite_init ;;
  esac
  zsh -fc '_arguments() { print -rl -- "$@" }; compdef() {}; source "$1"; '$fn _ "$comp/_ttaobs" \
    | sed -E 's/^\([^)]*\)//; s/^[*]//' | grep -oE '^--[a-z0-9-]+' | sort -u
}
zsh_subcommands() {
  zsh -fc '_arguments() { state=command }; _describe() { print -rl -- "${(@P)4}" }; compdef() {}; source "$1"; _ttaobs' \
    _ "$comp/_ttaobs" | cut -d: -f1 | sort -u
}

# compare WHAT EXPECTED ACTUAL: prints what is missing (-) and extra (+) and fails the test.
compare() {
  if [[ $2 != "$3" ]]; then
    echo "FAIL: $1 differs from --help (- missing from the completion, + unknown to ttaobs):"
    diff <(echo "$2") <(echo "$3") | grep -E '^[<>]' | sed 's/^</  -/; s/^>/  +/'  || true
    status=1
  else
    echo "ok: $1 ($(echo "$2" | wc -l) entries)"
  fi
}

shells=(bash)
for sh in zsh fish; do
  if command -v $sh >/dev/null; then shells+=($sh); else echo "SKIP: $sh is not installed; its completion is not compared"; fi
done
for sh in "${shells[@]}"; do
  compare "$sh subcommands" "$(help_subcommands)" "$(${sh}_subcommands)"
  for cmd in "${commands[@]}"; do
    compare "$sh: ttaobs $cmd" "$(help_flags "$cmd")" "$(${sh}_flags "$cmd")"
  done
done

# The man page: every subcommand has an entry, and its header carries this version.
man=$src/docs/ttaobs.1
for cmd in $(help_subcommands); do
  grep -qE "^\.B ${cmd//-/\\\\-}( |\$)" "$man" || { echo "FAIL: docs/ttaobs.1 has no '.B $cmd' entry"; status=1; }
done
version=$($exe --version | head -1 | cut -d' ' -f2)
grep -qE "^\.TH TTAOBS 1 .*\"ttaobs $version\"" "$man" || { echo "FAIL: docs/ttaobs.1's .TH does not say ttaobs $version"; status=1; }
exit $status
