#!/usr/bin/env bash
# Attaching late to a JVM with many loaded classes (issue 11). A target loads CLASSES generated classes
# (gilprobe.it.GeneratedClasses: 5% with a synchronized block, 0.4% with a dispatch loop, the rest with
# nothing to instrument), then two threads run a GIL-bound workload for WORK_S seconds
# (gilprobe.it.programs.ManyClasses --work), counting their acquisitions every 100 ms. For each JVM given,
# ROUNDS times: the workload alone, then the workload with `gilprobe.jar attach` issued 3 s into it.
# Prints the medians of: the attach command's wall time, the agent's own figures (the lock's classes
# before attach returned; the background phase), and the workload's throughput while the attach command
# ran, during the background phase and after it, as a share of its throughput in the 2 s before the
# attach; the same windows of a run without the agent show how much the workload varies by itself.
# usage: scripts/attach-scale.sh [CLASSES] [ROUNDS] [JAVA...]   (default 20000 3 java)
#        GILPROBE_JAR=/path/to/other/gilprobe.jar scripts/attach-scale.sh ...   (e.g. an older build)
#        OPTIONS='acquire=...,release=...' to attach with other options (default: monitor= the target's lock)
#        WORK_S=20 the workload's length, in seconds
source "$(dirname "$0")/lib.sh"
CLASSES="${1:-20000}"
ROUNDS="${2:-3}"
shift 2 2>/dev/null || shift $#
JAVAS=("$@")
[ ${#JAVAS[@]} -gt 0 ] || JAVAS=("$JAVA")
WORK_S="${WORK_S:-20}"
build
TEST_CLASSES="$ROOT/agent/target/test-classes"
if [ ! -f "$TEST_CLASSES/gilprobe/it/programs/ManyClasses.class" ]; then
  (cd "$ROOT" && mvn -B -q package -DskipTests) >&2
fi
JAR="${GILPROBE_JAR:-$AGENT_JAR}"
OPTIONS="${OPTIONS:-monitor=gilprobe.it.programs.ManyClasses.LOCK}"
mkdir -p "$OUT"
GEN="$OUT/generated-$CLASSES.jar"
if [ ! -f "$GEN" ]; then
  ASM=$(find "$HOME/.m2/repository/org/ow2/asm/asm" -name 'asm-9*.jar' | sort | tail -1)
  "$JAVA" -cp "$TEST_CLASSES:$ASM" gilprobe.it.GeneratedClasses "$GEN" "$CLASSES"
fi

median() { grep . | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now_ms() { date +%s%3N; }

# throughput START_MS T0 T1 BACKGROUND_S PER_100MS: "attach background after", the mean acquisitions per
# 100 ms while the attach command ran, then during the background phase, then after it, as percentages
# of the 2 s before T0 (the last 100 ms, cut short by the end, are left out)
throughput() {
  awk -v start="$1" -v t0="$2" -v t1="$3" -v bg="$4" -v list="$5" 'BEGIN {
    n = split(list, v, ","); end_bg = t1 + bg * 1000
    for (i = 1; i < n; i++) {
      t = start + (i - 1) * 100
      if (t >= t0 - 2000 && t + 100 <= t0) { s[0] += v[i]; c[0]++ }
      else if (t >= t0 && t + 100 <= t1) { s[1] += v[i]; c[1]++ }
      else if (t >= t1 && t + 100 <= end_bg) { s[2] += v[i]; c[2]++ }
      else if (t >= end_bg) { s[3] += v[i]; c[3]++ }
    }
    for (k = 1; k <= 3; k++) printf "%s ", c[k] ? sprintf("%.0f", 100 * s[k] / c[k] / (s[0] / c[0])) : "-"
    print ""
  }'
}

for java in "${JAVAS[@]}"; do
  version=$("$java" -version 2>&1 | head -1)
  flags=()
  # Java 21+ warns about dynamically loaded agents unless the target allows them (JEP 451)
  if "$java" -XX:+EnableDynamicAgentLoading -version >/dev/null 2>&1; then flags=(-XX:+EnableDynamicAgentLoading); fi
  target=("$java" "${flags[@]}" -cp "$TEST_CLASSES" gilprobe.it.programs.ManyClasses "$GEN" --work "$WORK_S")
  attach=() first=() background=() during=() bgs=() after=() plain_during=() plain_bgs=() plain_after=()
  for ((r = 0; r < ROUNDS; r++)); do
    out="$OUT/attach-scale.out"; err="$OUT/attach-scale.err"
    : >"$out"
    "${target[@]}" >"$out" 2>"$err" &
    pid=$!
    until grep -q '^work start_ms' "$out"; do sleep 0.02; done
    sleep 3
    t0=$(now_ms)
    "$java" -jar "$JAR" attach "$pid" "$OPTIONS,out=$OUT/attach-scale" >"$OUT/attach-scale.cli" 2>&1 || true
    t1=$(now_ms)
    wait "$pid"
    if grep -qv '^gilprobe: recording in' "$OUT/attach-scale.cli"; then cat "$OUT/attach-scale.cli" >&2; fi
    bg=$(sed -n 's/^gilprobe: retransformation done: .* in \([0-9.]*\) s$/\1/p' "$err")
    start=$(field start_ms <"$out")
    attach+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a) / 1000 }')")
    first+=("$(sed -n 's/^gilprobe: attached: .* instrumented in \([0-9.]*\) s;.*/\1/p' "$err")")
    background+=("$bg")
    read -r d b a < <(throughput "$start" "$t0" "$t1" "${bg:-0}" "$(field per_100ms <"$out" | tr -d '[]')")
    during+=("$d"); bgs+=("$b"); after+=("$a")
    # the same windows of a run without the agent
    "${target[@]}" >"$out" 2>/dev/null
    read -r d b a < <(throughput 0 $((t0 - start)) $((t1 - start)) "${bg:-0}" "$(field per_100ms <"$out" | tr -d '[]')")
    plain_during+=("$d"); plain_bgs+=("$b"); plain_after+=("$a")
  done
  printf '\n%s, %s classes, a %s s workload, medians of %s\n' "$version" "$CLASSES" "$WORK_S" "$ROUNDS"
  printf '  attach command (wall):                        %6s s\n' "$(printf '%s\n' "${attach[@]}" | median)"
  printf '  the lock'"'"'s classes, before attach returned:   %6s s\n' "$(printf '%s\n' "${first[@]}" | median)"
  printf '  background phase:                             %6s s\n' "$(printf '%s\n' "${background[@]}" | median)"
  row() { printf '  throughput %-34s %5s %% of before (without the agent: %s %%)\n' "$1" \
    "$(printf '%s\n' "${!2}" | median)" "$(printf '%s\n' "${!3}" | median)"; }
  row "while the attach command ran:" 'during[@]' 'plain_during[@]'
  row "during the background phase:" 'bgs[@]' 'plain_bgs[@]'
  row "after it (the agent recording):" 'after[@]' 'plain_after[@]'
  echo "  last run's target stderr: $err"
done
