#!/usr/bin/env bash
# Installs a pinned errprobe release for the GitHub Action (action.yml):
#   install.sh resolve   picks the version, the platform and the folder
#   install.sh           downloads the archive into that folder (unless a
#                        cached copy is there), verifies its SHA-256 against
#                        the release's checksums.txt (and ERRPROBE_SHA256 when
#                        given) and unpacks it
# Environment: ERRPROBE_VERSION (e.g. v1.2.3; default: the action's own ref,
# GITHUB_ACTION_REF, when it is a full version tag), RUNNER_OS, RUNNER_ARCH,
# ERRPROBE_INSTALL_DIR (default RUNNER_TOOL_CACHE/errprobe/VERSION/OS_ARCH),
# ERRPROBE_DOWNLOAD_BASE (default the GitHub releases of errprobe/errprobe;
# tests point it at a local server). Writes bin= and dir= to GITHUB_OUTPUT.
set -euo pipefail

fail() { echo "errprobe action: $*" >&2; exit 1; }
out() { [ -n "${GITHUB_OUTPUT:-}" ] && echo "$1" >>"$GITHUB_OUTPUT"; echo "$1"; }

version=${ERRPROBE_VERSION:-${GITHUB_ACTION_REF:-}}
version=${version#v}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]] ||
  fail "no release to install: use the action at a full version tag (errprobe/errprobe@v1.2.3) or set its version input; got '${ERRPROBE_VERSION:-${GITHUB_ACTION_REF:-}}'"

case ${RUNNER_OS:-$(uname -s)} in
  Linux) os=linux ;;
  macOS | Darwin) os=darwin ;;
  Windows | MINGW* | MSYS*) os=windows ;;
  *) fail "unsupported runner OS ${RUNNER_OS:-$(uname -s)}" ;;
esac
case ${RUNNER_ARCH:-$(uname -m)} in
  X64 | x86_64 | amd64) arch=amd64 ;;
  ARM64 | arm64 | aarch64) arch=arm64 ;;
  *) fail "unsupported runner architecture ${RUNNER_ARCH:-$(uname -m)}" ;;
esac
ext=tar.gz exe=errprobe
if [ "$os" = windows ]; then ext=zip exe=errprobe.exe; fi
dir=${ERRPROBE_INSTALL_DIR:-${RUNNER_TOOL_CACHE:-${TMPDIR:-/tmp}}/errprobe/$version/${os}_$arch}

if [ "${1:-}" = resolve ]; then
  out "version=$version"
  out "dir=$dir"
  exit 0
fi

if [ -x "$dir/$exe" ]; then
  echo "errprobe $version from the cache: $dir"
else
  base=${ERRPROBE_DOWNLOAD_BASE:-https://github.com/errprobe/errprobe/releases/download}
  archive="errprobe_${version}_${os}_${arch}.$ext"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  echo "downloading $base/v$version/$archive"
  curl -fsSL --retry 3 -o "$tmp/$archive" "$base/v$version/$archive" || fail "could not download $archive"
  curl -fsSL --retry 3 -o "$tmp/checksums.txt" "$base/v$version/checksums.txt" || fail "could not download checksums.txt"
  want=$(awk -v a="$archive" '$2 == a || $2 == "*" a { print $1 }' "$tmp/checksums.txt")
  [ -n "$want" ] || fail "checksums.txt of v$version does not list $archive"
  if [ -n "${ERRPROBE_SHA256:-}" ] && [ "$ERRPROBE_SHA256" != "$want" ]; then
    fail "checksums.txt says $want for $archive, the sha256 input says $ERRPROBE_SHA256"
  fi
  if command -v sha256sum >/dev/null; then
    got=$(sha256sum "$tmp/$archive" | awk '{ print $1 }')
  else
    got=$(shasum -a 256 "$tmp/$archive" | awk '{ print $1 }')
  fi
  [ "$got" = "$want" ] || fail "checksum mismatch for $archive: got $got, want $want"
  echo "sha256 $got verified"
  mkdir -p "$tmp/x" "$dir"
  if [ "$ext" = zip ]; then
    unzip -q "$tmp/$archive" -d "$tmp/x" || 7z x -o"$tmp/x" "$tmp/$archive" >/dev/null
  else
    tar -xzf "$tmp/$archive" -C "$tmp/x"
  fi
  [ -f "$tmp/x/$exe" ] || fail "$archive holds no $exe"
  mv "$tmp/x/$exe" "$dir/$exe"
  chmod +x "$dir/$exe"
fi
[ -n "${GITHUB_PATH:-}" ] && echo "$dir" >>"$GITHUB_PATH"
out "bin=$dir/$exe"
