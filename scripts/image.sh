#!/usr/bin/env bash
# Builds errprobe's container image as a multi-arch OCI image layout
# (linux/amd64 and linux/arm64) without a Docker engine, then checks it:
# entrypoint, non-root user, one layer with a static binary of each
# architecture, CA certificates, working directory. The builder is a
# pure-Go program (go-containerregistry) in scripts/image, a module of its
# own. The release publishes the same image with goreleaser (kos in
# .goreleaser.yaml). Usage: scripts/image.sh [OUT] (default dist/image-oci).
# Load the result with: skopeo copy oci:dist/image-oci docker-daemon:errprobe:dev
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"

out=$(realpath -m "${1:-dist/image-oci}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
version=$(git describe --tags --always --dirty 2>/dev/null || echo dev)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}

platforms=()
for arch in amd64 arm64; do
  CGO_ENABLED=0 GOOS=linux GOARCH=$arch go build -trimpath \
    -ldflags "-s -w -X main.version=$version" -o "$tmp/errprobe-$arch" ./cmd/errprobe
  platforms+=("linux/$arch=$tmp/errprobe-$arch")
done
(
  cd scripts/image
  go test -count=1 ./...
  go run . build -out "$out" -version "$version" "${platforms[@]}"
  go run . check "$out"
)
echo "image: OCI layout in $out"
