#!/usr/bin/env bash
# The observer-effect table: every budget of the performance contract as a ratio from paired runs,
# with and without the agent (or with and without one option), in one run. Each pair runs alternately
# (A B A B ...) ROUNDS times; the programs time their own work (elapsed_s=, JVM start-up excluded), and
# each row prints both sides' medians and the median of the per-pair ratios A/B.
# usage: scripts/overhead.sh [ROUNDS]     (default 5; builds the benchmarks jar if needed)
#        QUICK=1 scripts/overhead.sh      (skips the JMH row, about a minute of the run)
#        ONLY='MBean|every 100 ticks' scripts/overhead.sh 5   (only the rows whose label matches)
source "$(dirname "$0")/lib.sh"
ROUNDS="${1:-5}"
build
BENCH="$ROOT/benchmarks/target/benchmarks.jar"
if [ ! -f "$BENCH" ] || [ -n "$(find "$ROOT/benchmarks/src" -newer "$BENCH" -type f | head -1)" ]; then
  (cd "$ROOT" && mvn -B -q -Pbench package -DskipTests -pl benchmarks -am) >&2
fi
mkdir -p "$OUT"
MINIPY=(-cp "$APPS_JAR" gilprobe.samples.minipy.Main)
AGENT="-javaagent:$AGENT_JAR"
BATTLE=(-cp "$BENCH" gilprobe.bench.GilBattle)
# escaped for eval: the commands below are strings that pair() evaluates
BATTLE_GIL='acquire=gilprobe.bench.GilBattle\$Gil#acquire,release=gilprobe.bench.GilBattle\$Gil#release'

printf '\n%d alternating runs per pair; medians of the programs'"'"' own elapsed seconds; budget = the contract\n\n' "$ROUNDS"
printf '%-62s %8s %8s %7s  %s\n' "A vs B" "A" "B" "A/B" "budget"

# pair LABEL BUDGET "A command" "B command" [EXTRA_KEY]: both print elapsed_s= (and EXTRA_KEY=, shown per side)
pair() {
  local label="$1" budget="$2" a="$3" b="$4" key="${5:-}" oa ob ta tb
  local as=() bs=() rs=() xa=() xb=()
  if [ -n "${ONLY:-}" ] && ! [[ "$label" =~ $ONLY ]]; then return; fi
  for ((i = 0; i < ROUNDS; i++)); do
    oa=$(eval "$a" 2>/dev/null || true); ob=$(eval "$b" 2>/dev/null || true)
    ta=$(field elapsed_s <<<"$oa"); tb=$(field elapsed_s <<<"$ob")
    as+=("$ta"); bs+=("$tb"); rs+=("$(ratio "$ta" "$tb")")
    if [ -n "$key" ]; then xa+=("$(field "$key" <<<"$oa")"); xb+=("$(field "$key" <<<"$ob")"); fi
  done
  printf '%-62s %8.3f %8.3f %7.3f  %s\n' "$label" "$(printf '%s\n' "${as[@]}" | median)" \
    "$(printf '%s\n' "${bs[@]}" | median)" "$(printf '%s\n' "${rs[@]}" | median)" "$budget"
  if [ -n "$key" ]; then
    printf '%-62s %8s %8s\n' "   $key (median)" "$(printf '%s\n' "${xa[@]}" | median)" "$(printf '%s\n' "${xb[@]}" | median)"
  fi
}

pair "GIL battle: VM, 2 threads, GIL every 100 ticks: agent vs none" "0.90-1.10, handoffs same order" \
  "$JAVA $AGENT=$BATTLE_GIL,out=$OUT/ov ${BATTLE[*]} 2 100000000 100" \
  "$JAVA ${BATTLE[*]} 2 100000000 100" handoffs
pair "VM, 1 thread, GIL every 100 ticks, ticks counted: agent vs none" "<= 1.10" \
  "$JAVA $AGENT=$BATTLE_GIL,out=$OUT/ov ${BATTLE[*]} 1 100000000 100" \
  "$JAVA ${BATTLE[*]} 1 100000000 100"
# the clock floor: no agent, the VM itself reads System.nanoTime() twice per hold (after the acquire,
# before the release), as any exact per-hold timing must; what the agent costs above it is its own work
FLOOR=(-Dgilbattle.clockReads=2 "${BATTLE[@]}")
pair "  clock floor, 2 threads: 2 nanoTime reads per hold vs none" "(what the clock alone costs)" \
  "$JAVA ${FLOOR[*]} 2 100000000 100" \
  "$JAVA ${BATTLE[*]} 2 100000000 100" handoffs
pair "  clock floor, 1 thread: 2 nanoTime reads per hold vs none" "(what the clock alone costs)" \
  "$JAVA ${FLOOR[*]} 1 100000000 100" \
  "$JAVA ${BATTLE[*]} 1 100000000 100"
pair "VM, 1 thread, GIL every 100,000 ticks: agent vs none" "<= 1.05" \
  "$JAVA $AGENT=$BATTLE_GIL,out=$OUT/ov ${BATTLE[*]} 1 100000000 100000" \
  "$JAVA ${BATTLE[*]} 1 100000000 100000"
# live metrics (jmx=true): a thread of the program reads every attribute of gilprobe's MBean 100 times a
# second through the platform MBean server. The first two rows are the two above with the reader; the last
# compares reads with no reads, the MBean server made (and the MBean registered) on both sides
READS=(-Dgilbattle.mbeanReads=100)
pair "GIL battle, 2 threads: agent + 100 MBean reads/s vs none" "as row 1" \
  "$JAVA ${READS[*]} $AGENT=$BATTLE_GIL,out=$OUT/ov ${BATTLE[*]} 2 100000000 100" \
  "$JAVA ${BATTLE[*]} 2 100000000 100" handoffs
pair "VM, 1 thread, GIL every 100 ticks: agent + 100 MBean reads/s vs none" "as row 2" \
  "$JAVA ${READS[*]} $AGENT=$BATTLE_GIL,out=$OUT/ov ${BATTLE[*]} 1 100000000 100" \
  "$JAVA ${BATTLE[*]} 1 100000000 100"
pair "  GIL battle, 2 threads: 100 MBean reads/s vs MBean server, no reads" "1.00 (noise)" \
  "$JAVA ${READS[*]} $AGENT=$BATTLE_GIL,out=$OUT/ov ${BATTLE[*]} 2 100000000 100" \
  "$JAVA -Dgilbattle.mbeanReads=0 $AGENT=$BATTLE_GIL,out=$OUT/ov ${BATTLE[*]} 2 100000000 100" handoffs
pair "  VM, 1 thread: 100 MBean reads/s vs MBean server, no reads" "1.00 (noise)" \
  "$JAVA ${READS[*]} $AGENT=$BATTLE_GIL,out=$OUT/ov ${BATTLE[*]} 1 100000000 100" \
  "$JAVA -Dgilbattle.mbeanReads=0 $AGENT=$BATTLE_GIL,out=$OUT/ov ${BATTLE[*]} 1 100000000 100" mbean_read_cpu_us_warm

# the demo's no-GIL row: the two-thread speedup (sequential / 2 threads) with the agent vs without
speedups() {
  local agent="$1" seq t2
  if [ -n "$agent" ]; then
    seq=$($JAVA $AGENT=$GIL_OPTIONS,out=$OUT/ov "${MINIPY[@]}" --gil none @countdown_seq 20000000 2>/dev/null | field elapsed_s)
    t2=$($JAVA $AGENT=$GIL_OPTIONS,out=$OUT/ov "${MINIPY[@]}" --gil none @countdown_threads 20000000 2 2>/dev/null | field elapsed_s)
  else
    seq=$($JAVA "${MINIPY[@]}" --gil none @countdown_seq 20000000 | field elapsed_s)
    t2=$($JAVA "${MINIPY[@]}" --gil none @countdown_threads 20000000 2 | field elapsed_s)
  fi
  ratio "$seq" "$t2"
}
sa=(); sb=(); sr=()
for ((i = 0; i < ROUNDS; i++)); do
  if [ -n "${ONLY:-}" ]; then break; fi
  x=$(speedups agent); y=$(speedups ""); sa+=("$x"); sb+=("$y"); sr+=("$(ratio "$x" "$y")")
done
if [ -z "${ONLY:-}" ]; then
printf '%-62s %8.3f %8.3f %7.3f  %s\n' "minipy no GIL, 2-thread speedup (x): agent vs none" \
  "$(printf '%s\n' "${sa[@]}" | median)" "$(printf '%s\n' "${sb[@]}" | median)" "$(printf '%s\n' "${sr[@]}" | median)" "0.90-1.10"
fi

pair "minipy no GIL, 2 threads: opcodes=true vs opcodes=false" "<= 1.05" \
  "$JAVA $AGENT=$GIL_OPTIONS,opcodes=true,out=$OUT/ov ${MINIPY[*]} --gil none @countdown_threads 20000000 2" \
  "$JAVA $AGENT=$GIL_OPTIONS,out=$OUT/ov ${MINIPY[*]} --gil none @countdown_threads 20000000 2"
# the same on the VM's tight loop (a few nanoseconds a tick, no calls): the worst case for per-case counts
pair "VM, 1 thread, every 100 ticks: opcodes=true vs opcodes=false" "<= 1.05" \
  "$JAVA $AGENT=$BATTLE_GIL,opcodes=true,out=$OUT/ov ${BATTLE[*]} 1 100000000 100" \
  "$JAVA $AGENT=$BATTLE_GIL,out=$OUT/ov ${BATTLE[*]} 1 100000000 100"
for policy in old new; do
  pair "minipy $policy GIL, 2 threads: profile=cpu vs agent without it" "<= 1.10" \
    "$JAVA $AGENT=$GIL_OPTIONS,profile=cpu,out=$OUT/ov ${MINIPY[*]} --gil $policy @countdown_threads 10000000 2" \
    "$JAVA $AGENT=$GIL_OPTIONS,out=$OUT/ov ${MINIPY[*]} --gil $policy @countdown_threads 10000000 2"
done
pair "minipy 2 threads, old GIL (GIL battle): agent vs none" "0.90-1.10" \
  "$JAVA $AGENT=$GIL_OPTIONS,out=$OUT/ov ${MINIPY[*]} --gil old @countdown_threads 10000000" \
  "$JAVA ${MINIPY[*]} --gil old @countdown_threads 10000000"
pair "LuaJ work.lua x2000: agent (ticks) vs none" "(none set)" \
  "$JAVA $AGENT=monitor=none.Designated.lock,dispatch=org.luaj,out=$OUT/ov -cp $BENCH gilprobe.bench.LuaWork 2000" \
  "$JAVA -cp $BENCH gilprobe.bench.LuaWork 2000"

# the JIT: milliseconds from JVM start until the target's hot method gets its first C2 (tier 4) compile,
# with and without the agent (-XX:+PrintCompilation); the agent's start-up and class scans must not push
# the target's hot loop back in the compile queue
c2_ms() { # METHOD ARGS...: the first tier-4 compile of METHOD in "java ARGS", in ms since JVM start
  local method="$1"; shift
  $JAVA -XX:+PrintCompilation "$@" 2>/dev/null | awk -v m="$method" '$0 ~ m && !/made not entrant/ {
    for (i = 3; i <= 6; i++) if ($i ~ /^[0-4]$/) { if ($i == 4) { print $1; exit } break } }'
}
c2_pair() { # LABEL METHOD "ARGS WITH AGENT" "ARGS WITHOUT"
  local label="$1" method="$2" a="$3" b="$4" as=() bs=() x y
  if [ -n "${ONLY:-}" ] && ! [[ "$label" =~ $ONLY ]]; then return; fi
  for ((i = 0; i < ROUNDS; i++)); do
    x=$(eval "c2_ms '$method' $a"); y=$(eval "c2_ms '$method' $b")
    as+=("${x:-nan}"); bs+=("${y:-nan}")
  done
  printf '%-62s %8s %8s %7s  %s\n' "$label" "$(printf '%s\n' "${as[@]}" | median)" "$(printf '%s\n' "${bs[@]}" | median)" \
    "$(ratio "$(printf '%s\n' "${as[@]}" | median)" "$(printf '%s\n' "${bs[@]}" | median)")" "(ms from JVM start)"
}
c2_pair "JIT: GilBattle.run reaches C2, 1 thread: agent vs none" "gilprobe.bench.GilBattle::run " \
  "$AGENT=$BATTLE_GIL,out=$OUT/ov ${BATTLE[*]} 1 100000000 100" "${BATTLE[*]} 1 100000000 100"
c2_pair "JIT: minipy evalFrame reaches C2, no GIL 2 threads: agent vs none" "Interpreter::evalFrame " \
  "$AGENT=$GIL_OPTIONS,out=$OUT/ov ${MINIPY[*]} --gil none @countdown_threads 20000000 2" \
  "${MINIPY[*]} --gil none @countdown_threads 20000000 2"

if [ -z "${QUICK:-}" ] && [ -z "${ONLY:-}" ]; then
  echo
  echo "JMH, one uncontended acquire/release pair (budget: designated <= bare + 40 ns):"
  $JAVA -cp "$BENCH" gilprobe.bench.AgentOverhead --pairs "$AGENT_JAR" | sed -n '/^gilprobe agent overhead/,$p'
fi
