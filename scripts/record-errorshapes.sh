#!/usr/bin/env bash
# Records the error answers of every real target in examples/targets into
# checks/testdata/errorshapes/<framework>/<case>.http (see the README there).
# Needs what the e2e suite needs (.ci/run installs it). Optionally name the
# frameworks to record: scripts/record-errorshapes.sh nestjs gin
set -euo pipefail
cd "$(dirname "$0")/.."
exec go run ./e2e/recordshapes "$@"
