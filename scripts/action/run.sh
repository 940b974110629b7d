#!/usr/bin/env bash
# Runs errprobe for the GitHub Action (action.yml) and for anyone who wants
# the same behaviour elsewhere: every report into one folder, the baseline
# only when its file exists, the Markdown summary appended to
# $GITHUB_STEP_SUMMARY, the verdict and counts written to $GITHUB_OUTPUT.
# Exits with errprobe's exit code (0 pass, 1 violations, 2 usage, 3 could
# not run).
#
# Environment (the action's inputs): INPUT_SPEC, INPUT_TARGET, INPUT_AUTH,
# INPUT_LOW_AUTH, INPUT_HEADERS (one 'Name: value' per line), INPUT_CONFIG,
# INPUT_PRESET, INPUT_FAIL_ON, INPUT_BASELINE (default
# errprobe-baseline.json), INPUT_WAIT_FOR_TARGET (e.g. 60s), INPUT_OUTPUT_DIR
# (default errprobe-reports), INPUT_ARGS (more arguments, one per line);
# ERRPROBE_BIN, the binary (default: errprobe on PATH).
# Credentials: write ${NAME} in INPUT_AUTH and pass NAME in the step's env;
# errprobe expands it, so the secret is in no command line and no report.
set -uo pipefail

bin=${ERRPROBE_BIN:-errprobe}
dir=${INPUT_OUTPUT_DIR:-errprobe-reports}
baseline=${INPUT_BASELINE-errprobe-baseline.json}
mkdir -p "$dir" || exit 3

json="$dir/errprobe.json" junit="$dir/errprobe-junit.xml"
sarif="$dir/errprobe.sarif" markdown="$dir/errprobe.md"
args=(run --color always
  --report terminal
  --report "json=$json" --report "junit=$junit"
  --report "sarif=$sarif" --report "markdown=$markdown")
add() { [ -n "$2" ] && args+=("$1" "$2"); }
add --spec "${INPUT_SPEC:-}"
add --target "${INPUT_TARGET:-}"
add --auth "${INPUT_AUTH:-}"
add --low-auth "${INPUT_LOW_AUTH:-}"
add --config "${INPUT_CONFIG:-}"
add --preset "${INPUT_PRESET:-}"
add --fail-on "${INPUT_FAIL_ON:-}"
add --wait-for-target "${INPUT_WAIT_FOR_TARGET:-}"
while IFS= read -r h; do
  add --header "$h"
done <<<"${INPUT_HEADERS:-}"
if [ -n "$baseline" ] && [ -f "$baseline" ]; then
  args+=(--baseline "$baseline")
elif [ -n "$baseline" ]; then
  echo "errprobe action: no baseline file $baseline: every violation counts (accept the current ones with errprobe run ... --baseline-write $baseline)"
fi
while IFS= read -r a; do
  [ -n "$a" ] && args+=("$a")
done <<<"${INPUT_ARGS:-}"

"$bin" "${args[@]}"
code=$?

if [ -s "$markdown" ] && [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  cat "$markdown" >>"$GITHUB_STEP_SUMMARY"
fi

case $code in
  0) verdict=pass ;;
  1) verdict=fail ;;
  *) verdict=error ;;
esac
field() { jq -r "$1 // 0" "$json" 2>/dev/null || echo 0; }
{
  echo "verdict=$verdict"
  echo "exit-code=$code"
  if [ -s "$json" ] && command -v jq >/dev/null; then
    echo "probes=$(field .summary.probes)"
    echo "failed=$(field .summary.failed)"
    echo "errored=$(field .summary.errored)"
    echo "errors=$(field .summary.violations.error)"
    echo "warnings=$(field .summary.violations.warning)"
    echo "infos=$(field .summary.violations.info)"
  fi
  for r in json junit sarif markdown; do
    [ -s "${!r}" ] && echo "$r=${!r}"
  done
} >>"${GITHUB_OUTPUT:-/dev/null}"
exit "$code"
