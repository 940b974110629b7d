#!/usr/bin/env bash
# Performance figures of errprobe against their targets (issue 7).
#   bench/run.sh           full run, a few minutes: every figure in docs/performance.md
#   bench/run.sh --smoke   under 30 s: the same steps on small inputs (CI checks it still works)
#   bench/run.sh --long    the long run only (step 3): peak RSS and memory per result
#   ERRPROBE=PATH bench/run.sh ...   measures that errprobe binary instead of
#                          one built from the tree (to compare two revisions)
# Needs Go; wrk (Debian package) for the load-generator baseline: without it
# the throughput ratio is reported as n/a. Prints one table: figure,
# measured, target, ratio (measured ÷ target) and ok/MISS.
set -euo pipefail
cd "$(dirname "$0")/.."

SMOKE=0 LONG=0
[ "${1:-}" = "--smoke" ] && SMOKE=1
[ "${1:-}" = "--long" ] && LONG=1
WORK=$(mktemp -d)
TARGET_PID=""
cleanup() { [ -n "$TARGET_PID" ] && kill "$TARGET_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
# SPECS: a folder of descriptions; by default the repository's
# testdata/specs, copied so the gzipped ones can be decompressed.
if [ -z "${SPECS:-}" ]; then
  SPECS="$WORK/specs"
  cp -R testdata/specs "$SPECS"
  find "$SPECS" -name '*.gz' -exec gunzip {} +
fi

echo "== building" >&2
for p in errprobe:./cmd/errprobe target:./bench/target goclient:./bench/goclient wrkmix:./bench/wrkmix jsondecode:./bench/jsondecode measure:./bench/measure genspec:./bench/genspec; do
  go build -o "$WORK/${p%%:*}" "${p#*:}"
done
[ -n "${ERRPROBE:-}" ] && cp "$ERRPROBE" "$WORK/errprobe"

PORT=$((20000 + RANDOM % 20000))
"$WORK/target" -addr "127.0.0.1:$PORT" 2>/dev/null &
TARGET_PID=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
URL="http://127.0.0.1:$PORT"

ROWS=()
# row FIGURE MEASURED TARGET OP UNIT: OP is le (at most) or ge (at least).
row() {
  local ratio ok
  if [ "$2" = "n/a" ]; then ratio="n/a"; ok="n/a"
  else
    ratio=$(awk -v m="$2" -v t="$3" 'BEGIN { printf "%.2f", m / t }')
    ok=$(awk -v m="$2" -v t="$3" -v op="$4" 'BEGIN { print ((op == "le" ? m <= t : m >= t) ? "ok" : "MISS") }')
  fi
  local sym="≤"; [ "$4" = "ge" ] && sym="≥"
  ROWS+=("$(printf '%-54s %12s %14s %7s  %s' "$1" "$2 $5" "$sym $3 $5" "$ratio" "$ok")")
}
info() { ROWS+=("$(printf '%-54s %12s %14s %7s  %s' "$1" "$2" "-" "-" "-")"); }

# probes_per_s REPORT: probes ÷ engine time from a JSON report.
probes_per_s() {
  local n ms
  n=$(grep -o '"probes": *[0-9]*' "$1" | head -1 | grep -o '[0-9]*$')
  ms=$(grep -o '"durationMs": *[0-9.]*' "$1" | head -1 | grep -o '[0-9.]*$')
  awk -v n="$n" -v ms="$ms" 'BEGIN { printf "%.0f", n / ((ms > 0 ? ms : 1) / 1000) }'
}

if [ $LONG = 0 ]; then
  # 1. Throughput: errprobe probes/s vs wrk requests/s, same target, alternating.
  # Two baselines: GET / (the cheapest request for the target) and the very
  # requests errprobe sent (bench/wrkmix turns its JSON report into a wrk
  # script; bench/goclient -replay sends them with Go's client), since
  # errprobe's probes (POST bodies, more headers) cost the target more.
  if [ $SMOKE = 1 ]; then TSPEC="$SPECS/oai/v3.0/petstore.yaml"; DUR=1; ROUNDS=1
  else TSPEC="$SPECS/github/api.github.com.json"; DUR=2; ROUNDS=5; fi
  echo "== throughput ($(basename "$TSPEC"))" >&2
  rps() { awk '/^Requests\/sec/ { printf "%.0f", $2 }'; }
  better() { [ "${1:-0}" -gt "${2:-0}" ] && echo "$1" || echo "${2:-0}"; }
  ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
  for c in 8 32; do
    best_e=0; best_w=0; best_wm=0; best_g=0; best_gm=0
    for _ in $(seq $ROUNDS); do
      "$WORK/errprobe" run --spec "$TSPEC" --target "$URL" -c "$c" --fail-on never -q \
        --report "json=$WORK/run.json" --report "terminal=$WORK/run.txt" >/dev/null 2>&1 || true
      best_e=$(better "$(probes_per_s "$WORK/run.json")" "$best_e")
      "$WORK/wrkmix" -report "$WORK/run.json" >"$WORK/mix.lua"
      if command -v wrk >/dev/null; then
        best_w=$(better "$(wrk -t2 -c"$c" -d"${DUR}s" "$URL/" | rps)" "$best_w")
        best_wm=$(better "$(wrk -t2 -c"$c" -d"${DUR}s" -s "$WORK/mix.lua" "$URL/" | rps)" "$best_wm")
      fi
      best_g=$(better "$("$WORK/goclient" -url "$URL/" -c "$c" -d "${DUR}s" | rps)" "$best_g")
      best_gm=$(better "$("$WORK/goclient" -url "$URL/" -replay "$WORK/run.json" -c "$c" -d "${DUR}s" | rps)" "$best_gm")
    done
    info "errprobe probes/s, c=$c" "$best_e"
    info "Go net/http client, GET /, requests/s, c=$c" "$best_g"
    info "Go net/http client, errprobe's requests, c=$c" "$best_gm"
    info "  errprobe ÷ Go client (same requests), c=$c" "$(ratio "$best_e" "$best_gm")"
    if [ "$best_w" -gt 0 ]; then
      info "wrk, GET /, requests/s, c=$c" "$best_w"
      info "wrk, errprobe's requests, requests/s, c=$c" "$best_wm"
      info "  Go client ÷ wrk, same requests (ceiling), c=$c" "$(ratio "$best_gm" "$best_wm")"
      row "throughput errprobe÷wrk GET /, c=$c" "$(ratio "$best_e" "$best_w")" 0.6 ge ""
      row "throughput errprobe÷wrk same requests, c=$c" "$(ratio "$best_e" "$best_wm")" 0.6 ge ""
    else
      row "throughput errprobe÷wrk, c=$c" n/a 0.6 ge ""
    fi
  done

  # 2. Load + plan of every description, against a bare decode.
  echo "== load + plan" >&2
  if [ $SMOKE = 1 ]; then LIST=$(find "$SPECS/oai/v3.0" -name 'petstore*' | sort)
  else LIST=$(find "$SPECS" -name '*.json' -o -name '*.yaml' | sort); fi
  RUNS=$([ $SMOKE = 1 ] && echo 1 || echo 3)
  for f in $LIST; do
    name=${f#"$SPECS"/}
    read -r wall cpu rss < <("$WORK/measure" -n "$RUNS" "$WORK/errprobe" plan --spec "$f")
    floor=$("$WORK/jsondecode" -n 3 "$f")
    case $name in
      github/*)
        row "load+plan $name (wall)" "$wall" 1500 le ms
        info "load+plan $name (CPU user+sys)" "$cpu ms"
        row "load+plan $name peak RSS" "$rss" 400 le MiB
        row "load+plan $name ÷ bare decode ($floor ms)" "$(awk -v a="$wall" -v b="$floor" 'BEGIN { printf "%.1f", a / b }')" 6 le "x" ;;
      *) info "load+plan $name (decode $floor ms; RSS $rss MiB)" "$wall ms" ;;
    esac
  done
fi

# 3. A long run: peak RSS at two sizes gives the memory per result.
echo "== long run" >&2
if [ $SMOKE = 1 ]; then SIZES="60 120"; else SIZES="1600 6500"; fi
prev=""
for ops in $SIZES; do
  "$WORK/genspec" -ops "$ops" >"$WORK/synth.json"
  read -r _ _ rss < <("$WORK/measure" "$WORK/errprobe" run --spec "$WORK/synth.json" --target "$URL" -c 8 \
    --fail-on never -q --report "json=$WORK/long.json")
  n=$(grep -o '"probes": *[0-9]*' "$WORK/long.json" | head -1 | grep -o '[0-9]*$')
  if [ -n "$prev" ]; then
    read -r pn prss <<<"$prev"
    info "bytes of RSS per extra probe ($pn → $n probes)" "$(awk -v a="$rss" -v b="$prss" -v n="$n" -v m="$pn" 'BEGIN { printf "%.0f", (a - b) * 1048576 / (n - m) }')"
  fi
  if [ "$ops" = "${SIZES##* }" ]; then row "peak RSS, run of $n probes" "$rss" 250 le MiB
  else info "peak RSS, run of $n probes" "$rss MiB"; fi
  prev="$n $rss"
done

if [ $LONG = 0 ]; then
  # 4. Start-up, whole process, fastest of several.
  echo "== start-up" >&2
  read -r wall _ _ < <("$WORK/measure" -n 10 "$WORK/errprobe" version)
  row "errprobe version" "$wall" 20 le ms
  read -r wall _ _ < <("$WORK/measure" -n 10 "$WORK/errprobe" plan --spec "$SPECS/oai/v3.0/petstore.yaml")
  row "errprobe plan petstore.yaml" "$wall" 50 le ms

  # 5. Evaluation of one response (Go benchmarks).
  echo "== evaluation" >&2
  BT=$([ $SMOKE = 1 ] && echo 100x || echo 2s)
  go test -run '^$' -bench 'Judge' -benchmem -benchtime "$BT" ./checks >"$WORK/bench.txt"
  us=$(awk '/BenchmarkJudgeTypical/ { printf "%.1f", $3 / 1000 }' "$WORK/bench.txt")
  allocs=$(awk '/BenchmarkJudgeTypical/ { for (i = 1; i <= NF; i++) if ($i == "allocs/op") print $(i-1) }' "$WORK/bench.txt")
  large=$(awk '/BenchmarkJudgeLarge/ { printf "%.1f", $3 / 1e6 }' "$WORK/bench.txt")
  row "judge a typical problem+json 400" "$us" 50 le µs
  row "  allocations per typical judgement" "$allocs" 10 le ""
  info "judge a 1 MiB body" "$large ms"
fi

printf '\n%-54s %12s %14s %7s  %s\n' figure measured target ratio ok
printf '%s\n' "${ROWS[@]}"
echo "(machine: $(nproc) cores; ratio = measured ÷ target)"
