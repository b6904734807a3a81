#!/usr/bin/env bash
# What a late attach, and a stop, do to a running interpreter loop (docs/attach.md, "Loops that are running"):
# GraalPy (fetched from Maven Central, as scripts/worked-example.sh does) counts down from N in THREADS
# Python threads; the countdown's own clock times the threaded part. Per round, three runs:
#   none    without gilprobe
#   attach  gilprobe attached DELAY s into the threaded part (the driver prints startup_s= when it begins)
#   stop    launched with gilprobe, stopped DELAY s into the threaded part
# all with lock=PythonContext.globalInterpreterLock. GILPROBE_JAR=<jar> measures another build (e.g. one
# from before the change, to compare). Prints one line per run and the medians.
# usage: JAVA_HOME=<a JDK 21 or later> scripts/attach-loops.sh [ROUNDS] [N] [DELAY]
#        (default 3 rounds, N = 40000000, DELAY = 3; about 20 s a run on 2 cores)
source "$(dirname "$0")/lib.sh"
ROUNDS="${1:-3}"
N="${2:-40000000}"
DELAY="${3:-3}"
THREADS=2
source "$ROOT/scripts/worked-example/graalpy.sh"
LOCK="lock=com.oracle.graal.python.runtime.PythonContext.globalInterpreterLock"

# one MODE: prints the threaded part's seconds (the driver's threads_s)
one() {
  local mode="$1" agent=() pid
  if [ "$mode" = stop ]; then agent=("-javaagent:$AGENT_JAR=$LOCK,out=$WE/loops-stop"); fi
  "$JAVA" "${JVM_FLAGS[@]}" "${agent[@]}" -cp "$CP" Countdown threads "$N" "$THREADS" >"$WE/loops-$mode.out" 2>"$WE/loops-$mode.stderr" &
  pid=$!
  if [ "$mode" != none ]; then
    while ! grep -q '^startup_s=' "$WE/loops-$mode.out" && kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
    sleep "$DELAY"
    if [ "$mode" = attach ]; then
      "$JAVA" -jar "$AGENT_JAR" attach "$pid" "$LOCK,out=$WE/loops-attach" >/dev/null 2>&1 || echo "attach-loops: attach failed" >&2
    else
      "$JAVA" -jar "$AGENT_JAR" stop "$pid" >/dev/null 2>&1 || echo "attach-loops: stop failed" >&2
    fi
  fi
  wait "$pid"
  field threads_s <"$WE/loops-$mode.out"
}

printf 'GraalPy %s on Java %s: countdown(%s) in %s threads; gilprobe %s, %s s into the threads\n' \
  "$VERSION" "$feature" "$N" "$THREADS" "$(show "$AGENT_JAR")" "$DELAY"
declare -A all
for ((r = 1; r <= ROUNDS; r++)); do
  for mode in none attach stop; do
    t=$(one "$mode")
    all[$mode]+="$t "
    printf 'round %d  %-6s threads_s=%s\n' "$r" "$mode" "$t"
  done
done
for mode in none attach stop; do
  printf 'median  %-6s threads_s=%s\n' "$mode" "$(tr ' ' '\n' <<<"${all[$mode]}" | grep . | median)"
done
echo "the lines gilprobe wrote in the target: $(show "$WE")/loops-attach.stderr, loops-stop.stderr"
