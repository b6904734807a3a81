#!/usr/bin/env bash
# The article's multiprocessing remedy: the countdown work split over 2 processes (2 JVMs, each with its
# own GIL) instead of 2 threads, timed together, against the same work in one process and in 2 threads;
# the two processes' reports are then merged into one (java -jar gilprobe.jar merge).
# usage: scripts/processes.sh [N] [GIL]     (default 40000000, new)
source "$(dirname "$0")/lib.sh"
N="${1:-40000000}"
POLICY="${2:-new}"
build
now() { date +%s.%N; }
seq=$(minipy "proc-seq" "$POLICY" countdown_seq "$N" | field elapsed_s)
thr=$(minipy "proc-2threads" "$POLICY" countdown_threads "$N" 2 | field elapsed_s)
start=$(now)
minipy "proc-part-1" "$POLICY" countdown_part "$N" >"$OUT/proc-part-1.out" &
minipy "proc-part-2" "$POLICY" countdown_part "$N" >"$OUT/proc-part-2.out" &
wait
end=$(now)
both=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
p1=$(field elapsed_s <"$OUT/proc-part-1.out")
p2=$(field elapsed_s <"$OUT/proc-part-2.out")
printf '\ncountdown(%s) x 2 with the %s GIL, wall seconds\n\n' "$N" "$POLICY"
printf '%-34s %8s\n' "1 process, sequential" "$seq"
printf '%-34s %8s\n' "1 process, 2 threads" "$thr"
printf '%-34s %8s   (each: %s, %s; includes JVM start-up)\n' "2 processes at once" "$both" "$p1" "$p2"
compare "$OUT/processes-compare.html" proc-seq proc-2threads proc-part-1 proc-part-2
# the two processes as one fleet: counts summed, histograms added, one row per JVM
"$JAVA" -jar "$AGENT_JAR" merge "$OUT/proc-part-1.json" "$OUT/proc-part-2.json" -o "$OUT/processes-merged" >/dev/null
echo
echo "reports: $OUT/proc-*.html"
echo "side by side: $OUT/processes-compare.html"
echo "the 2 processes merged: $OUT/processes-merged.html (and .json)"
