#!/usr/bin/env bash
# Whole-run comparisons, with and without the agent, in one run: each pair is run alternately
# (A B A B ...) ROUNDS times; the programs time their own work (elapsed_s=, JVM start-up excluded), and
# the script prints each side's median and the median of the per-pair ratios A/B.
# usage: scripts/overhead.sh [ROUNDS]     (default 7; needs mvn -Pbench package for the LuaJ pair)
source "$(dirname "$0")/lib.sh"
ROUNDS="${1:-7}"
build
BENCH="$ROOT/benchmarks/target/benchmarks.jar"
if [ ! -f "$BENCH" ]; then (cd "$ROOT" && mvn -B -q -Pbench package -DskipTests -pl benchmarks) >&2; fi
mkdir -p "$OUT"
MINIPY=(-cp "$APPS_JAR" gilprobe.samples.minipy.Main)
AGENT="-javaagent:$AGENT_JAR"

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# pair LABEL "A command" "B command": both print elapsed_s=
pair() {
  local label="$1" a="$2" b="$3" ta tb
  local as=() bs=() rs=()
  for ((i = 0; i < ROUNDS; i++)); do
    ta=$(eval "$a" 2>/dev/null | tr ' ' '\n' | sed -n 's/^elapsed_s=//p' | head -1)
    tb=$(eval "$b" 2>/dev/null | tr ' ' '\n' | sed -n 's/^elapsed_s=//p' | head -1)
    as+=("$ta"); bs+=("$tb"); rs+=("$(awk -v x="$ta" -v y="$tb" 'BEGIN { print x / y }')")
  done
  printf '%-58s %8.3f %8.3f %8.3f\n' "$label" "$(printf '%s\n' "${as[@]}" | median)" \
    "$(printf '%s\n' "${bs[@]}" | median)" "$(printf '%s\n' "${rs[@]}" | median)"
}

printf '\n%d alternating runs per pair; medians of the programs'"'"' own elapsed seconds\n\n' "$ROUNDS"
printf '%-58s %8s %8s %8s\n' "A vs B" "A s" "B s" "A/B"
pair "minipy countdown 10M, new GIL: agent (ticks) vs none" \
  "$JAVA $AGENT=$GIL_OPTIONS,out=$OUT/ov ${MINIPY[*]} --gil new @countdown_seq 10000000" \
  "$JAVA ${MINIPY[*]} --gil new @countdown_seq 10000000"
pair "minipy countdown 10M, new GIL: agent (ticks) vs dispatch=off" \
  "$JAVA $AGENT=$GIL_OPTIONS,out=$OUT/ov ${MINIPY[*]} --gil new @countdown_seq 10000000" \
  "$JAVA $AGENT=$GIL_OPTIONS,dispatch=off,out=$OUT/ov ${MINIPY[*]} --gil new @countdown_seq 10000000"
pair "minipy countdown 10M, old GIL, 1.8M acquisitions: agent vs none" \
  "$JAVA $AGENT=$GIL_OPTIONS,out=$OUT/ov ${MINIPY[*]} --gil old @countdown_seq 10000000" \
  "$JAVA ${MINIPY[*]} --gil old @countdown_seq 10000000"
pair "minipy 2 threads, old GIL (GIL battle): agent vs none" \
  "$JAVA $AGENT=$GIL_OPTIONS,out=$OUT/ov ${MINIPY[*]} --gil old @countdown_threads 10000000" \
  "$JAVA ${MINIPY[*]} --gil old @countdown_threads 10000000"
pair "LuaJ work.lua x2000: agent (ticks) vs none" \
  "$JAVA $AGENT=monitor=none.Designated.lock,dispatch=org.luaj,out=$OUT/ov -cp $BENCH gilprobe.bench.LuaWork 2000" \
  "$JAVA -cp $BENCH gilprobe.bench.LuaWork 2000"
