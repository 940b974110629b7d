#!/usr/bin/env bash
# errprobe in any CI: audit a running API, fail only on violations that are
# not in the baseline, and tell the three kinds of failure apart.
#
#   SPEC=openapi.yaml TARGET=http://localhost:8080 API_TOKEN=... ./ci.sh
#
# Exit codes are errprobe's: 0 pass, 1 new violations, 2 usage (bad flag,
# description, baseline file; nothing sent), 3 could not run (target down,
# probes that timed out, a report not written), 130 interrupted.
set -u

SPEC=${SPEC:-openapi.yaml}
TARGET=${TARGET:-http://localhost:8080}
BASELINE=${BASELINE:-errprobe-baseline.json}
OUT=${OUT:-errprobe-reports}
mkdir -p "$OUT"

args=(run --spec "$SPEC" --target "$TARGET"
  --report terminal
  --report "junit=$OUT/junit.xml"
  --report "json=$OUT/errprobe.json"
  --report "sarif=$OUT/errprobe.sarif"
  --report "markdown=$OUT/summary.md")
if [ -n "${API_TOKEN:-}" ]; then
  # ${API_TOKEN} is expanded by errprobe, not the shell: it stays out of
  # the process list and of every report.
  args+=(--auth "Authorization: Bearer \${API_TOKEN}")
fi
if [ -f "$BASELINE" ]; then
  args+=(--baseline "$BASELINE")
fi
if [ -n "${SHARD:-}" ]; then  # e.g. SHARD=2/3; merge the JSON reports later
  args+=(--shard "$SHARD")
fi

errprobe "${args[@]}"
code=$?

case $code in
  0) echo "errprobe: no new violations" ;;
  1) echo "errprobe: new violations; fix them, or accept them on purpose:" >&2
     echo "  errprobe ${args[*]} --baseline-write $BASELINE" >&2
     echo "  (then review the diff of $BASELINE and add expires/reason)" >&2 ;;
  2) echo "errprobe: usage error; nothing was sent" >&2 ;;
  3) echo "errprobe: the audit could not be carried out (see above); reports in $OUT" >&2 ;;
  130) echo "errprobe: interrupted; reports are marked incomplete" >&2 ;;
  *) echo "errprobe: unexpected exit code $code" >&2 ;;
esac
exit $code
