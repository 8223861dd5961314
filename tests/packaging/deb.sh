#!/usr/bin/env bash
# deb.sh BUILD_DIR: `cpack -G DEB` builds ttaobs_<version>-1_<arch>.deb; dpkg-deb shows the expected
# fields, files and a Depends computed by dpkg-shlibdeps; the package is installed into a fresh
# Debian 12 root (a minbase debootstrap, made once and cached in ~/.cache/ttaobs/debootstrap-bookworm,
# copied for each run) with dpkg -i + apt-get -f install inside chroot, and ttaobs --version,
# its man page and bash completion work there. Without root, debootstrap or the Debian mirror (or
# with TTAOBS_PACKAGING_NO_CHROOT=1) it falls back, saying so, to dpkg -x into a staging prefix,
# which does not prove Depends.
# Exit 77 (skipped) when cpack or dpkg-deb is missing.
set -euo pipefail
build=$1
for tool in cpack dpkg-deb dpkg-shlibdeps; do
  command -v $tool >/dev/null || { echo "SKIP: $tool is not installed"; exit 77; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/ttaobs-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT # nothing is ever mounted in the root under $work
status=0
fail() { echo "FAIL: $*"; status=1; }
step() { echo "[$(date +%T)] $*"; }

step "cpack -G DEB"
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 \
  || { cat "$work/cpack.log"; echo "FAIL: cpack"; exit 1; }
deb=$(ls "$work"/out/ttaobs_*.deb)
version=$("$build/ttaobs" --version | head -1 | cut -d' ' -f2)
[[ $(basename "$deb") == ttaobs_${version}-1_$(dpkg --print-architecture).deb ]] || fail "package file name $(basename "$deb")"

info=$(dpkg-deb --info "$deb")
field() { sed -n "s/^ $1: //p" <<<"$info"; }
[[ $(field Package) == ttaobs ]] || fail "Package: $(field Package)"
[[ $(field Version) == "$version-1" ]] || fail "Version: $(field Version), not $version-1"
[[ -n $(field Maintainer) ]] || fail "no Maintainer"
[[ -n $(field Description) ]] || fail "no Description"
depends=$(field Depends)
echo "Depends: $depends"
for lib in libc6 libcurl4 libstdc++6 zlib1g; do # what the binary links, as dpkg-shlibdeps names it
  [[ $depends == *"$lib "* || $depends == *"$lib," || $depends == *"$lib" ]] || fail "Depends lacks $lib"
done
contents=$(dpkg-deb --contents "$deb" | awk '{ print $NF }' | sed 's|^\./|/|')
for f in /usr/bin/ttaobs /usr/share/man/man1/ttaobs.1.gz /usr/share/bash-completion/completions/ttaobs \
  /usr/share/zsh/vendor-completions/_ttaobs /usr/share/fish/vendor_completions.d/ttaobs.fish \
  /usr/share/doc/ttaobs/README.md; do
  grep -qxF "$f" <<<"$contents" || fail "the package lacks $f"
done
extra=$(grep -v '/$' <<<"$contents" | grep -vE '^/usr/(bin/ttaobs|share/man/man1/ttaobs\.1\.gz|share/bash-completion/completions/ttaobs|share/zsh/vendor-completions/_ttaobs|share/fish/vendor_completions\.d/ttaobs\.fish|share/doc/ttaobs/[A-Za-z0-9_.-]+\.md)$' || true)
[[ -z $extra ]] || fail "the package holds files it should not: $extra"

# A fresh Debian 12 root: debootstrap once into the cache, then a copy per run.
cache=${XDG_CACHE_HOME:-$HOME/.cache}/ttaobs
base=$cache/debootstrap-bookworm
mirror=${TTAOBS_DEBIAN_MIRROR:-http://deb.debian.org/debian}
fallback=""
if [[ -n ${TTAOBS_PACKAGING_NO_CHROOT:-} ]]; then
  fallback="TTAOBS_PACKAGING_NO_CHROOT is set"
elif [[ $(id -u) != 0 ]]; then
  fallback="not root (chroot needs it)"
elif ! command -v chroot >/dev/null; then
  fallback="no chroot"
else
  mkdir -p "$cache"
  exec 9>"$cache/debootstrap.lock"
  flock 9 # two builds testing at once make the root once
fi
if [[ -z $fallback && ! -x $base/bin/sh ]]; then
  if ! command -v debootstrap >/dev/null; then
    fallback="debootstrap is not installed (apt-get install debootstrap)"
  else
    step "debootstrap --variant=minbase bookworm into $base (once; cached for later runs)"
    rm -rf "$base.tmp"
    if debootstrap --variant=minbase bookworm "$base.tmp" "$mirror" >"$work/debootstrap.log" 2>&1; then
      mv "$base.tmp" "$base"
    else
      tail -5 "$work/debootstrap.log"
      rm -rf "$base.tmp"
      fallback="debootstrap from $mirror failed"
    fi
  fi
fi

if [[ -z $fallback ]]; then
  root=$work/root
  step "copying the cached root"
  cp -a "$base" "$root"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  mkdir -p "$cache/debootstrap-archives" # the dependencies' .debs, so later runs download less
  cp "$cache"/debootstrap-archives/*.deb "$root/var/cache/apt/archives/" 2>/dev/null || true
  cp "$deb" "$root/tmp/ttaobs.deb"
  in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 "$@"; }
  in_root sh -c '! command -v ttaobs && ! test -e /usr/lib/x86_64-linux-gnu/libcurl.so.4' >/dev/null \
    || fail "the cached root is not clean (ttaobs or libcurl already there)"
  step "dpkg -i ttaobs.deb (its dependencies are missing in a minbase root)"
  in_root dpkg -i /tmp/ttaobs.deb >"$work/dpkg.log" 2>&1 || true
  step "apt-get update && apt-get -f install"
  if in_root apt-get update -qq >"$work/apt.log" 2>&1 && in_root apt-get -f install -y -qq --no-install-recommends >>"$work/apt.log" 2>&1; then
    cp "$root"/var/cache/apt/archives/*.deb "$cache/debootstrap-archives/" 2>/dev/null || true
    [[ $(in_root dpkg-query -W -f='${Status}' ttaobs) == "install ok installed" ]] || fail "ttaobs is not installed: $(cat "$work/dpkg.log")"
    if out=$(in_root ttaobs --version 2>&1); then
      echo "in the Debian 12 root: $(head -1 <<<"$out"), $(grep libcurl <<<"$out" | cut -c1-40)"
    else
      fail "ttaobs --version in the fresh root: $out"
    fi
    in_root ttaobs checks list >/dev/null || fail "ttaobs checks list in the fresh root"
    in_root test -s /usr/share/man/man1/ttaobs.1.gz || fail "no man page in the fresh root"
    in_root bash -c 'source /usr/share/bash-completion/completions/ttaobs && complete -p ttaobs' >/dev/null \
      || fail "the bash completion does not load in the fresh root"
    step "purge"
    in_root dpkg --purge ttaobs >/dev/null || fail "dpkg --purge ttaobs"
    in_root test ! -e /usr/bin/ttaobs || fail "/usr/bin/ttaobs is left after the purge"
  else
    tail -5 "$work/apt.log"
    fallback="apt-get in the root failed (no Debian mirror?)"
  fi
fi

if [[ -n $fallback ]]; then
  echo "FALLBACK: $fallback; unpacking with dpkg -x into a staging prefix instead (Depends not exercised)"
  dpkg -x "$deb" "$work/x"
  out=$("$work/x/usr/bin/ttaobs" --version 2>&1) || fail "the unpacked ttaobs --version: $out"
  echo "unpacked: $(head -1 <<<"$out")"
  missing=$(ldd "$work/x/usr/bin/ttaobs" | grep 'not found' || true)
  [[ -z $missing ]] || fail "unresolved libraries: $missing"
fi
[[ $status == 0 ]] && step "ok: $(basename "$deb")"
exit $status
