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
# reports, curl lines, redaction. Runs are counted in executions, not
# seconds: a time-limited run can end with a spurious "context deadline
# exceeded" on a loaded machine. FUZZX=10 multiplies them for a longer run.
fuzz() { go test -run '^$' -fuzz "^$2\$" -fuzztime "$(( $3 * ${FUZZX:-1} ))x" -fuzzminimizetime 200x "$1"; }
fuzz ./internal/openapi FuzzParse 3000
fuzz ./checks FuzzFindLeaks 20000
fuzz ./report FuzzReporters 300
fuzz ./report FuzzCurl 5000
fuzz ./checks FuzzJudge 5000
fuzz ./internal/redact FuzzRedact 20000
fuzz ./internal/config FuzzParse 3000
fuzz ./internal/baseline FuzzRead 20000
fuzz ./internal/openapi FuzzIsSwagger2 20000
fuzz ./checks FuzzIsURIReference 20000
fuzz ./checks FuzzViewMatchesReference 3000
fuzz ./report FuzzWriteQuoted 20000
fuzz ./report FuzzAppendIndent 20000
fuzz ./schemas FuzzDecodeJSON 20000
fuzz ./checks FuzzMediaType 20000
fuzz ./schemas FuzzFastAgrees 5000
fuzz ./schemas FuzzDecimal 20000
fuzz ./internal/openapi FuzzJSONNodeAnyInput 10000

echo "== bench smoke (figures are meaningful only from a full bench/run.sh)"
bench/run.sh --smoke

if [ -x scripts/release-check.sh ]; then
  echo "== release check"
  scripts/release-check.sh
fi
echo "== all tests passed"
