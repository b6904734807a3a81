#!/usr/bin/env bash
# The article's countdown experiment on the JVM, under gilprobe: countdown(N) twice in a row, then the
# same work in two threads, with Python 2's GIL (old), Python 3's (new) and none (the "gilectomy").
# Prints wall times and the reports; finishes in well under 3 minutes on 2 cores.
# usage: scripts/demo.sh [N]        (default N = 20000000; GILPROBE_OUT=dir to put the reports elsewhere)
source "$(dirname "$0")/lib.sh"
N="${1:-20000000}"
build
rm -f "$OUT"/demo-*.json "$OUT"/demo-*.html

printf '\nCountdown of %s twice (sequential) vs the same work in 2 threads, %s cores:\n\n' "$N" "$(nproc 2>/dev/null || echo '?')"
printf '%-6s %14s %14s %10s\n' "GIL" "sequential s" "2 threads s" "threads/seq"
names=()
for policy in old new none; do
  seq=$(minipy "demo-$policy-seq" "$policy" countdown_seq "$N" | field elapsed_s)
  thr=$(minipy "demo-$policy-threads" "$policy" countdown_threads "$N" 2 | field elapsed_s)
  printf '%-6s %14s %14s %10s\n' "$policy" "$seq" "$thr" "$(awk -v a="$thr" -v b="$seq" 'BEGIN { printf "%.2fx", a / b }')"
  names+=("demo-$policy-seq" "demo-$policy-threads")
done
compare "$OUT/demo-compare.html" "${names[@]}"

# The two GIL runs once more with async-profiler sampling call stacks (profile=cpu): their reports
# show where threads wait for the GIL and what runs while it is held. Not timed above: profiling
# costs time (see docs/profile.md), most of all in the old GIL's battle.
# The whole run (the same N as above): its timeline is drawn whole from the buckets (timeline.buckets);
# a longer exact window and denser samples match the CPU samples of the run's last part to the lock state
# of their thread exactly; earlier samples are placed by their thread's bucket where it is all one state,
# "unknown" otherwise (the old GIL changes hands hundreds of thousands of times a second).
for policy in old new; do
  AGENT_EXTRA=",profile=cpu,profileInterval=1ms,timeline=300000" minipy "demo-$policy-threads-profiled" "$policy" countdown_threads "$N" 2 >/dev/null
done

cat <<TXT

With a GIL the two threads are no faster than one thread doing all the work (often slower: the
"GIL battle" on two cores); without it they use both cores. The reports say why:

TXT
for n in "${names[@]}"; do echo "  $OUT/$n.html"; done
echo
echo "With flame graphs (async-profiler): where threads wait for the GIL, what runs while it is held:"
for policy in old new; do echo "  $OUT/demo-$policy-threads-profiled.html"; done
echo
echo "All runs side by side:  $OUT/demo-compare.html"
