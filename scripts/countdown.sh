#!/usr/bin/env bash
# The article's countdown experiment, complete: for each GIL policy, countdown(N) twice in a row, the
# same work in 2 and in 4 threads, and (where taskset exists) the 2 threads pinned to one core - the
# article's 1-core vs 2-core comparison. Every run is recorded by the gilprobe agent (its report: times,
# handoffs, timeline), none with profile= (no async-profiler call stacks: scripts/demo.sh has those);
# prints a table and the reports.
# The fair GIL hands off every check interval with an OS wake-up each time: at the default interval of
# 100 ticks its threaded runs take minutes, so it runs here with --check-interval 10000 (marked fair*).
# usage: scripts/countdown.sh [N]     (default 40000000)
source "$(dirname "$0")/lib.sh"
N="${1:-40000000}"
build
pin=""
if command -v taskset >/dev/null 2>&1; then pin="taskset -c 0"; fi

printf '\ncountdown(%s) x 2, wall seconds (the program'"'"'s own clock), %s cores\n\n' "$N" "$(nproc 2>/dev/null || echo '?')"
printf '%-6s %12s %12s %12s %14s\n' "GIL" "sequential" "2 threads" "4 threads" "2 thr, 1 core"
names=()
for policy in old new fair none; do
  label="$policy"
  export MINIPY_FLAGS=""
  if [ "$policy" = fair ]; then MINIPY_FLAGS="--check-interval 10000"; label="fair*"; fi
  seq=$(minipy "cd-$policy-seq" "$policy" countdown_seq "$N" | field elapsed_s)
  t2=$(minipy "cd-$policy-2t" "$policy" countdown_threads "$N" 2 | field elapsed_s)
  t4=$(minipy "cd-$policy-4t" "$policy" countdown_threads "$N" 4 | field elapsed_s)
  p2="-"
  if [ -n "$pin" ]; then
    p2=$(JVM_PREFIX="$pin" minipy "cd-$policy-2t-1core" "$policy" countdown_threads "$N" 2 | field elapsed_s)
    names+=("cd-$policy-2t-1core")
  fi
  printf '%-6s %12s %12s %12s %14s\n' "$label" "$seq" "$t2" "$t4" "$p2"
  names+=("cd-$policy-seq" "cd-$policy-2t" "cd-$policy-4t")
done
compare "$OUT/countdown-compare.html" "${names[@]}"
echo
echo "reports: $OUT/cd-*.html"
echo "side by side: $OUT/countdown-compare.html"
