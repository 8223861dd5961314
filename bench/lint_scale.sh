#!/usr/bin/env bash
# Issue 6's scale benchmark: lint a generated 100 MB exposition with promtool check metrics and
# with ttaobs lint-metrics, same files, same run, interleaved; median wall time and peak RSS
# (GNU time) of each, and a check that both report the same problems.
# Usage: bench/lint_scale.sh [MEGABYTES] [RUNS]   (default 100 MB, 3 runs)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mb=${1:-100}
runs=${2:-3}
bin=$root/build
dir=${TMPDIR:-/tmp}/ttaobs-lint-scale
mkdir -p "$dir"
command -v promtool >/dev/null || { echo "bench: promtool is not installed (apt-get install prometheus)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "bench: GNU time is not installed (apt-get install time)" >&2; exit 1; }

# The same files over HTTP (python3's http.server on loopback), to show the URL path streams too.
port=28999
server_pid=
if command -v python3 >/dev/null; then
  (cd "$dir" && exec python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1) &
  server_pid=$!
  trap 'kill "$server_pid" 2>/dev/null || true' EXIT
  sleep 1
fi

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
measure() { # measure OUTFILE CMD... -> "seconds rss_kib" (stdin is the exposition)
  local out=$1; shift
  /usr/bin/time -f "%e %M" -o "$dir/time" "$@" >"$out" 2>"$out.err" || true
  tail -n 1 "$dir/time" # GNU time first notes a non-zero exit status
}

for mode in clean lint-heavy; do
  file=$dir/$mode-$mb.txt
  [[ -s $file ]] || "$bin/bench/gen_exposition" $((mb * 1000000)) "$mode" >"$file"
  size=$(stat -c %s "$file")
  declare -a tp=() rp=() tt=() rt=() te=() re=() tu=() ru=()
  for ((i = 0; i < runs; i++)); do
    read -r t r < <(measure "$dir/promtool.out" sh -c "promtool check metrics < '$file'")
    tp+=("$t"); rp+=("$r")
    read -r t r < <(measure "$dir/ttaobs.out" "$bin/ttaobs" lint-metrics "$file")
    tt+=("$t"); rt+=("$r")
    read -r t r < <(measure "$dir/ttaobs-ext.out" "$bin/ttaobs" lint-metrics --extended "$file")
    te+=("$t"); re+=("$r")
    if [[ -n $server_pid ]]; then
      read -r t r < <(measure "$dir/ttaobs-url.out" "$bin/ttaobs" lint-metrics --timeout 120 \
        "http://127.0.0.1:$port/$(basename "$file")")
      tu+=("$t"); ru+=("$r")
      cmp -s "$dir/ttaobs-url.out" "$dir/ttaobs.out" || { echo "bench: $mode: the URL and the file disagree" >&2; exit 1; }
    fi
  done
  # promtool prints "name problem" on stderr; ttaobs "name: problem" on stdout: same findings?
  sed 's/^\([^ ]*\) /\1: /' "$dir/promtool.out.err" >"$dir/promtool.norm"
  cmp -s "$dir/promtool.norm" "$dir/ttaobs.out" || { echo "bench: $mode: ttaobs and promtool disagree" >&2; exit 1; }
  problems=$(wc -l <"$dir/ttaobs.out")
  awk -v mode="$mode" -v size="$size" -v problems="$problems" \
      -v tp="$(printf '%s\n' "${tp[@]}" | median)" -v rp="$(printf '%s\n' "${rp[@]}" | median)" \
      -v tt="$(printf '%s\n' "${tt[@]}" | median)" -v rt="$(printf '%s\n' "${rt[@]}" | median)" \
      -v te="$(printf '%s\n' "${te[@]}" | median)" -v re="$(printf '%s\n' "${re[@]}" | median)" \
      -v tu="$( ((${#tu[@]})) && printf '%s\n' "${tu[@]}" | median)" \
      -v ru="$( ((${#ru[@]})) && printf '%s\n' "${ru[@]}" | median)" 'BEGIN {
    mbytes = size / 1e6
    printf "%s: %.1f MB, %d problems (identical in both tools)\n", mode, mbytes, problems
    printf "  promtool check metrics   %7.2f s  %7.1f MB/s  peak RSS %7.1f MiB\n", tp, mbytes / tp, rp / 1024
    printf "  ttaobs lint-metrics      %7.2f s  %7.1f MB/s  peak RSS %7.1f MiB  -> %.1fx promtool throughput\n", tt, mbytes / tt, rt / 1024, tp / tt
    printf "  ttaobs ... --extended    %7.2f s  %7.1f MB/s  peak RSS %7.1f MiB\n", te, mbytes / te, re / 1024
    if (tu != "") printf "  ttaobs lint-metrics URL  %7.2f s  %7.1f MB/s  peak RSS %7.1f MiB  (streamed over loopback HTTP)\n", tu, mbytes / tu, ru / 1024
  }'
done
