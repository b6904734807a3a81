#!/usr/bin/env bash
# The what-if (locks[i].whatIf) against reality. minipy's countdown in 2 threads under the agent with Python 2's
# GIL (old) and Python 3's (new): the report predicts how long the run would have taken without the GIL; the
# same work with --gil none, without the agent, is how long it takes. The prediction is for the profiled run
# (agent start to exit); the program's own clock (elapsed_s) covers the threads only, so the comparison is
#   predicted elapsed = elapsed under the agent - (run duration - predicted)   vs   elapsed with --gil none.
# Then the same on a program whose time without the lock is known (agent/src/test/.../WhatIfWork: threads
# sleeping a known time while they hold a lock; needs the agent's test classes, mvn verify or test-compile).
# Rounds alternate the runs, so that a machine's changing load falls on all of them.
# usage: scripts/whatif.sh [N] [ROUNDS]      (default N = 20000000, ROUNDS = 3)
source "$(dirname "$0")/lib.sh"
N="${1:-20000000}"
ROUNDS="${2:-3}"
build
PROGRAMS="$ROOT/agent/target/test-classes"

# whatif NAME: "duration_s predicted_s speedup ns_per_tick ticks" from the report NAME.json: ns_per_tick the
# fastest held speed of a thread that ran a tenth of the ticks or more, ticks the most ticks a thread held
whatif() {
  python3 -c 'import json, sys
r = json.load(open(sys.argv[1])); l = r["locks"][0]; w = l["whatIf"]
ts = [t for t in l["threads"] if t["heldNanos"] > 0]; total = sum(t["ticksHeld"] for t in ts)
rates = [t["heldNanos"] / t["ticksHeld"] for t in ts if t["ticksHeld"] > 0 and t["ticksHeld"] >= total / 10]
print("%.3f %.3f %.2f %.2f %d" % (r["run"]["durationNanos"] / 1e9, w["predictedNanos"] / 1e9, w["speedup"],
      min(rates) if rates else 0, max([t["ticksHeld"] for t in ts] or [0])))' "$OUT/$1.json"
}

printf '\ncountdown(%s) in 2 threads, %s cores; seconds\n\n' "$N" "$(nproc 2>/dev/null || echo '?')"
printf '%-5s %-4s %6s %8s %8s %9s %8s %9s %7s %8s %7s %7s %7s\n' round GIL load elapsed run predicted speedup "pred elap" none "none x" ns/tick "none ns" error
for r in $(seq 1 "$ROUNDS"); do
  for policy in old new; do
    load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
    elapsed=$(minipy "whatif-$policy-$r" "$policy" countdown_threads "$N" 2 | field elapsed_s)
    read -r run predicted speedup tick ticks <<<"$(whatif "whatif-$policy-$r")"
    none=$(minipy_plain none countdown_threads "$N" 2 | field elapsed_s)
    noneseq=$(minipy_plain none countdown_seq "$N" | field elapsed_s)
    awk -v r="$r" -v p="$policy" -v l="$load" -v e="$elapsed" -v d="$run" -v pr="$predicted" -v s="$speedup" -v n="$none" -v q="$noneseq" \
      -v t="$tick" -v k="$ticks" \
      'BEGIN { pe = e - (d - pr); printf "%-5s %-4s %6s %8.3f %8.3f %9.3f %7sx %9.3f %7.3f %7.2fx %7.2f %7.2f %+6.1f%%\n", r, p, l, e, d, pr, s, pe, n, q / n, t, n * 1e9 / k, 100 * (pe - n) / n }'
  done
done

if [ -d "$PROGRAMS/gilprobe/it/programs" ]; then
  printf '\nWhatIfWork: 2 threads sleeping COUNT x HOLD ms under the lock and GAP ms outside it; ms\n\n'
  printf '%-5s %-13s %8s %8s %10s %10s %8s %7s\n' round "count/hold/gap" locked free known+late "pred lock" error "vs free"
  for r in $(seq 1 "$ROUNDS"); do
    for args in "12 20 0" "12 15 5"; do
      set -- $args
      line=$("$JAVA" "-javaagent:$AGENT_JAR=monitor=gilprobe.it.programs.WhatIfWork.LOCK,out=$OUT/whatif-work" \
        -cp "$PROGRAMS" gilprobe.it.programs.WhatIfWork 2 "$1" "$2" "$3" 2>/dev/null)
      read -r run predicted speedup <<<"$(whatif whatif-work)"
      locked=$(echo "$line" | field locked_ns); free=$(echo "$line" | field free_ns)
      known=$(echo "$line" | field known_ns); late=$(echo "$line" | field locked_late_ns)
      awk -v r="$r" -v a="$1/$2/$3" -v lk="$locked" -v f="$free" -v k="$known" -v lt="$late" -v d="$run" -v pr="$predicted" \
        'BEGIN { t = (k + lt) / 1e6; p = (pr - d) * 1e3 + lk / 1e6;
                 printf "%-5s %-13s %8.0f %8.0f %10.0f %10.0f %+7.1f%% %+6.1f%%\n", r, a, lk / 1e6, f / 1e6, t, p, 100 * (p - t) / t, 100 * (p - f / 1e6) / (f / 1e6) }'
    done
  done
fi
cat <<TXT

pred elap = elapsed - (run - predicted): the threads' part of the prediction, on the program's own clock.
none = --gil none in 2 threads without the agent, run right after; none x = --gil none sequential / none in
2 threads, run next: about 1.9x when the machine gives the threads its 2 cores, less when other programs
use them (the prediction assumes free cores). ns/tick: the profiled run's held speed (the fastest thread's),
none ns: the --gil none run's elapsed over the same ticks per thread; unequal when the machine ran one of the
two runs slower than the other. error = (pred elap - none) / none.
For WhatIfWork, pred lock = predicted - (run - locked section), against the work it did (known + how late
its sleeps ended); "vs free" against the same work done without the lock next, in the same JVM (its own
sleeps end late by other amounts on a loaded machine).
TXT
