#!/usr/bin/env bash
# Checks the release pipeline without publishing anything: validates
# .goreleaser.yaml (no deprecations allowed), builds a snapshot release into
# dist/ and inspects the archives, the checksums and the Homebrew cask.
# Needs a git checkout (any state: snapshot mode tolerates a dirty tree and
# no tags) and, only if goreleaser v2.15.1 is missing, the Go module proxy.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
gopath=$(go env GOPATH)
export PATH="$PATH:$gopath/bin"

readonly GORELEASER_VERSION=2.15.1 # newer releases need a newer Go
readonly BIN=errprobe
readonly PLATFORMS="linux_amd64 linux_arm64 darwin_amd64 darwin_arm64 windows_amd64 windows_arm64"

fail() { echo "release-check: FAIL: $*" >&2; exit 1; }
step() { echo "== release-check: $*"; }

# Hook outputs are build artefacts: remove them afterwards unless they
# were already there.
tmp=$(mktemp -d)
cleanup=("$tmp")
for d in completions manpages; do [ -e "$d" ] || cleanup+=("$d"); done
trap 'rm -rf "${cleanup[@]}"' EXIT

pinned() { "$1" --version 2>/dev/null | grep -Eq "^GitVersion:[[:space:]]*v?${GORELEASER_VERSION//./\\.}$"; }
gr=$(command -v goreleaser || true)
if [ -z "$gr" ] || ! pinned "$gr"; then
  step "installing goreleaser v$GORELEASER_VERSION"
  go install "github.com/goreleaser/goreleaser/v2@v$GORELEASER_VERSION"
  gr="$(go env GOPATH)/bin/goreleaser"
  pinned "$gr" || fail "$gr is not goreleaser v$GORELEASER_VERSION"
fi

step "goreleaser check"
out=$("$gr" check 2>&1) || { echo "$out"; fail "goreleaser check"; }
echo "$out"
if grep -qi deprecat <<<"$out"; then fail "goreleaser check reports a deprecation"; fi

step "goreleaser release --snapshot"
# goreleaser reads the commit only when the checkout has a remote; lend it
# one through the environment (no change to .git/config) if it has none.
if [ -z "$(git remote)" ]; then
  export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=remote.origin.url
  export GIT_CONFIG_VALUE_0=https://github.com/errprobe/errprobe.git
fi
start=$SECONDS
# ko publishes snapshots to a Docker daemon (ko.local), which CI lacks:
# scripts/image.sh builds and checks the image instead.
"$gr" release --snapshot --clean --skip=publish,ko
echo "snapshot build took $((SECONDS - start))s"

version=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' dist/metadata.json | head -n1)
[ -n "$version" ] || fail "no version in dist/metadata.json"
step "archives of version $version"
for p in $PLATFORMS; do
  ext=tar.gz
  [[ $p == windows_* ]] && ext=zip
  a="dist/${BIN}_${version}_${p}.${ext}"
  [ -f "$a" ] || fail "missing archive $a"
  grep -q "  ${a#dist/}\$" dist/checksums.txt || fail "$a is not in dist/checksums.txt"
done
(cd dist && sha256sum --quiet -c checksums.txt) || fail "dist/checksums.txt does not match the archives"

step "contents of the linux amd64 archive"
tar -xzf "dist/${BIN}_${version}_linux_amd64.tar.gz" -C "$tmp"
for f in "$BIN" LICENSE README.md CHANGELOG.md completions/$BIN.bash completions/$BIN.zsh \
  completions/$BIN.fish manpages/$BIN.1.gz; do
  [ -s "$tmp/$f" ] || fail "archive lacks $f"
done
gzip -dc "$tmp/manpages/$BIN.1.gz" | grep -q '^\.TH' || fail "manpages/$BIN.1.gz is not a man page"
grep -q "complete -o default -F _$BIN $BIN" "$tmp/completions/$BIN.bash" || fail "bash completion is wrong"
grep -q "#compdef $BIN" "$tmp/completions/$BIN.zsh" || fail "zsh completion is wrong"
grep -q "complete -c $BIN" "$tmp/completions/$BIN.fish" || fail "fish completion is wrong"

v=$(cd "$tmp" && ./"$BIN" version) || fail "$BIN version exited non-zero"
echo "$v"
[[ $v == "$BIN $version "* ]] || fail "$BIN version printed $v, want version $version"
demo=$(cd "$tmp" && ./"$BIN" demo --no-color 2>&1) || fail "$BIN demo exited non-zero: $demo"
grep -q "causes failing" <<<"$demo" || fail "$BIN demo printed no verdict line"

step "Homebrew cask"
cask=$(find dist/homebrew -name "$BIN.rb" -print -quit 2>/dev/null || true)
[ -n "$cask" ] || fail "no cask $BIN.rb under dist/homebrew"
echo "$cask"
grep -q "binary \"$BIN\"" "$cask" || fail "cask does not name binary \"$BIN\""
grep -q 'com.apple.quarantine' "$cask" || fail "cask does not remove the quarantine attribute"
grep -q "manpage \"manpages/$BIN.1.gz\"" "$cask" || fail "cask has no manpage stanza"
for sh in bash zsh fish; do
  grep -q "${sh}_completion \"completions/$BIN.$sh\"" "$cask" || fail "cask has no $sh completion"
done
for p in darwin_amd64 darwin_arm64; do
  a="${BIN}_${version}_${p}.tar.gz"
  sum=$(awk -v a="$a" '$2 == a { print $1 }' dist/checksums.txt)
  # The cask lists each archive as a url line followed by its sha256 line;
  # the url spells the version as #{version}.
  got=$(sed 's/#{version}/'"$version"'/g' "$cask" |
    grep -A1 "url \"https://github.com/errprobe/errprobe/releases/download/v[^\"]*/$a\"" |
    sed -n 's/^ *sha256 "\([0-9a-f]*\)"/\1/p')
  [ -n "$got" ] || fail "cask has no download URL for $a"
  [ "$got" = "$sum" ] || fail "cask sha256 for $a is $got, checksums.txt says $sum"
done

step "passed"
