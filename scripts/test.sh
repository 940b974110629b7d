#!/usr/bin/env bash
# The whole test suite: vet, unit and integration tests with the race
# detector (the long table walks once without it, see below), end-to-end
# tests against real servers, short fuzz runs.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== go vet, go mod tidy -diff (errprobe and the modules of the huma, chi petstore and echo-swag targets and the image builder)"
go vet ./...
go mod tidy -diff
for m in examples/targets/huma examples/targets/chi-petstore examples/targets/echo-swag scripts/image; do
  (cd "$m" && go vet ./... && go mod tidy -diff)
done

echo "== lint: workflows, the Action's and the examples' shell"
# actionlint runs shellcheck on each run: block; the scripts are checked
# directly. The GitLab and Jenkins examples' shell is checked by
# e2e/examples_test.go, which also runs it.
actionlint .github/workflows/*.yml examples/ci/github-actions.yml
shellcheck .ci/run scripts/*.sh scripts/action/*.sh examples/ci/ci.sh bench/run.sh

# The long table walks run once, without -race: TestCorpus and
# TestLoadJSONMatchesLoader (every description of the corpus and of
# testdata/specs), TestEveryOperationProbed and TestViewMatchesReference
# (probe plans and views of every description), and the rows of the GitHub
# and Stripe descriptions (the two largest, 10 MB together) in three table
# tests of internal/openapi. Under -race they took most of this step (the
# whole step was 14.5 minutes on 2 cores). They walk data through parsing
# and planning code, one description per goroutine; the race detector
# finds races only where goroutines share memory, and that code keeps
# running under -race in every other test of internal/openapi and checks
# (the other rows of the same three tables included). The rows still run,
# once, with every assertion.
# go test splits -run/-skip patterns at "|" and "/": the second alternative
# names subtests (github/..., stripe/...) of the three tests it lists.
# The pattern lives in scripts/long-tests.re: .ci/run's standalone clone
# skips the same tests.
LONG=$(cat scripts/long-tests.re)

echo "== go test -race (all but the long table walks)"
go test -race -count=1 -skip "$LONG" ./...

echo "== go test: the long table walks, without -race"
go test -count=1 -run "$LONG" ./internal/openapi ./checks

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
# Each package's fuzz-instrumented test binary is built once (go test -c
# -fuzz) and run for each of its targets, as go test -fuzz would run it (in
# the package folder, with the go command's fuzz cache): go test -fuzz
# would build and link it again for every target.
fuzzbin=$(mktemp -d)
gocache=$(go env GOCACHE)
fuzz() {
  local bin="$fuzzbin/${1//\//_}.test"
  if [ ! -x "$bin" ]; then
    go test -c -fuzz . -o "$bin" "$1"
    go list "$1" >"$bin.path"
  fi
  (cd "$1" && "$bin" -test.run '^$' -test.fuzz "^$2\$" -test.fuzztime "$(( $3 * ${FUZZX:-1} ))x" \
    -test.fuzzminimizetime 200x -test.timeout 10m -test.fuzzcachedir "$gocache/fuzz/$(cat "$bin.path")")
}
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
rm -rf "$fuzzbin"

echo "== bench smoke (figures are meaningful only from a full bench/run.sh)"
bench/run.sh --smoke

if [ -x scripts/release-check.sh ]; then
  echo "== release check"
  scripts/release-check.sh
fi

echo "== container image (OCI layout, no Docker engine)"
img=$(mktemp -d)
scripts/image.sh "$img/oci"
rm -rf "$img"
echo "== all tests passed"
