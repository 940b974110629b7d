#!/usr/bin/env bash
# The whole test suite: vet, unit and integration tests with the race
# detector, end-to-end tests against real servers, short fuzz runs.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== go vet"
go vet ./...

echo "== go test -race"
go test -race -count=1 ./...

if [ -d e2e ]; then
  echo "== end-to-end (real servers)"
  go vet -tags e2e ./e2e/...
  go test -tags e2e -count=1 ./e2e/...
fi

echo "== fuzz smoke"
# Each parser of untrusted input: description, config, baseline, responses,
# reports, curl lines, redaction. FUZZTIME=1m for a longer local run.
fuzz() { go test -run '^$' -fuzz "^$2\$" -fuzztime "${FUZZTIME:-10s}" -fuzzminimizetime 2s "$1"; }
fuzz ./internal/openapi FuzzParse
fuzz ./checks FuzzFindLeaks
fuzz ./report FuzzReporters
fuzz ./report FuzzCurl
fuzz ./checks FuzzJudge
fuzz ./internal/redact FuzzRedact
fuzz ./internal/config FuzzParse
fuzz ./internal/baseline FuzzRead
fuzz ./internal/openapi FuzzIsSwagger2
fuzz ./checks FuzzIsURIReference

echo "== bench smoke (figures are meaningful only from a full bench/run.sh)"
bench/run.sh --smoke

if [ -x scripts/release-check.sh ]; then
  echo "== release check"
  scripts/release-check.sh
fi
echo "== all tests passed"
