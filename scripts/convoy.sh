#!/usr/bin/env bash
# Beazley's convoy effect: an I/O-bound thread's response times alone, and beside a CPU-bound thread,
# under the old and the new GIL. Every run is profiled; prints the I/O thread's percentiles.
# usage: scripts/convoy.sh [K] [D]     (K round trips, default 200; peer latency D ms, default 1)
source "$(dirname "$0")/lib.sh"
K="${1:-200}"
D="${2:-1}"
build
printf '\nI/O thread: %s round trips to a loopback peer answering after %s ms; response time in ms\n\n' "$K" "$D"
printf '%-6s %-22s %9s %9s %9s %9s\n' "GIL" "run" "p50" "p90" "p99" "max"
names=()
for policy in old new; do
  for mode in io both; do
    line=$(minipy "convoy-$policy-$mode" "$policy" cpu_vs_io "$mode" "$K" "$D" | grep '^io:')
    label=$([ "$mode" = io ] && echo "I/O thread alone" || echo "beside a CPU thread")
    printf '%-6s %-22s %9s %9s %9s %9s\n' "$policy" "$label" "$(echo "$line" | field p50_ms)" \
      "$(echo "$line" | field p90_ms)" "$(echo "$line" | field p99_ms)" "$(echo "$line" | field max_ms)"
    names+=("convoy-$policy-$mode")
  done
done
compare "$OUT/convoy-compare.html" "${names[@]}"
echo
echo "reports: $OUT/convoy-*.html"
echo "side by side: $OUT/convoy-compare.html"
