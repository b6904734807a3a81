#!/usr/bin/env bash
# Soak run (issue: bounded cost): 10^8 acquisitions by 2 threads plus 5000 short-lived threads, with and
# without gilprobe (interval=1s, so the interval log and report rewrites run too). Prints both runs'
# time and heap after a full GC; the difference is the agent's heap. Takes a few minutes.
# usage: scripts/soak.sh [ACQUISITIONS] [SHORT_LIVED]
source "$(dirname "$0")/lib.sh"
N="${1:-100000000}"
S="${2:-5000}"
build
BENCH="$ROOT/benchmarks/target/benchmarks.jar"
if [ ! -f "$BENCH" ]; then
  (cd "$ROOT" && mvn -B -q package -DskipTests -Pbench -pl benchmarks -am) >&2
fi
mkdir -p "$OUT"
echo "without agent: $("$JAVA" -cp "$BENCH" gilprobe.bench.Soak "$N" 2 "$S")"
echo "with agent:    $("$JAVA" "-javaagent:$AGENT_JAR=monitor=gilprobe.bench.Soak.LOCK,interval=1s,out=$OUT/soak" \
  -cp "$BENCH" gilprobe.bench.Soak "$N" 2 "$S" 2>"$OUT/soak.stderr")"
echo "interval lines: $(grep -c 'wait share' "$OUT/soak.stderr"); report: $OUT/soak.html"
