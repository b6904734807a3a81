# Shared by the experiment scripts: building, running minipy under gilprobe, reading its timings.
# Source it; it defines ROOT, OUT, AGENT_JAR, APPS_JAR and the functions below.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${GILPROBE_OUT:-$ROOT/gilprobe-demo}"
# GILPROBE_JAR: run the scripts with another build of the agent (e.g. to compare before and after a change)
AGENT_JAR="${GILPROBE_JAR:-$ROOT/agent/target/gilprobe.jar}"
APPS_JAR="$ROOT/sample-apps/target/sample-apps.jar"
GIL_OPTIONS="acquire=gilprobe.samples.minipy.gil.Gil#acquire,release=gilprobe.samples.minipy.gil.Gil#release"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

# Builds the agent and the sample apps unless both jars are there and newer than every source file.
build() {
  if [ -n "${GILPROBE_JAR:-}" ] && [ -f "$APPS_JAR" ]; then return; fi
  if [ -f "$AGENT_JAR" ] && [ -f "$APPS_JAR" ] \
     && [ -z "$(find "$ROOT/agent/src/main" "$ROOT/reports/src/main" "$ROOT/sample-apps/src/main" -newer "$AGENT_JAR" -type f 2>/dev/null | head -1)" ] \
     && [ -z "$(find "$ROOT/sample-apps/src/main" -newer "$APPS_JAR" -type f 2>/dev/null | head -1)" ]; then
    return
  fi
  echo "building gilprobe and the sample apps (mvn -B -q package -DskipTests) ..." >&2
  (cd "$ROOT" && mvn -B -q package -DskipTests -pl reports,sample-apps,agent) >&2
}

# minipy NAME POLICY PROGRAM [ARGS...]: runs a shipped program (@PROGRAM) under the agent, the report to
# $OUT/NAME.{json,html}; prints the program's stdout. JVM_PREFIX runs the JVM through a command (e.g.
# "taskset -c 0"); MINIPY_FLAGS adds minipy options (e.g. "--check-interval 10000"); AGENT_EXTRA adds
# agent options (e.g. ",profile=cpu").
minipy() {
  local name="$1" policy="$2" program="$3"; shift 3
  mkdir -p "$OUT"
  ${JVM_PREFIX:-} "$JAVA" "-javaagent:$AGENT_JAR=$GIL_OPTIONS${AGENT_EXTRA:-},out=$OUT/$name" -cp "$APPS_JAR" \
    gilprobe.samples.minipy.Main --gil "$policy" ${MINIPY_FLAGS:-} "@$program" "$@" 2>"$OUT/$name.stderr"
}

# minipy_plain POLICY PROGRAM [ARGS...]: the same without the agent.
minipy_plain() {
  local policy="$1" program="$2"; shift 2
  ${JVM_PREFIX:-} "$JAVA" -cp "$APPS_JAR" gilprobe.samples.minipy.Main --gil "$policy" ${MINIPY_FLAGS:-} "@$program" "$@"
}

# field KEY: reads KEY=value from stdin (the programs print key=value pairs).
field() {
  tr ' ' '\n' | sed -n "s/^$1=//p" | head -1
}

# median: the median of the numbers on stdin, one a line ("nan" when there are none).
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# ratio X Y: X / Y to four places ("nan" when Y is not positive).
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { if (y > 0) printf "%.4f\n", x / y; else print "nan" }'; }

# compare OUTPUT.html NAME...: one comparison page of the named runs.
compare() {
  local target="$1"; shift
  local files=()
  for n in "$@"; do files+=("$OUT/$n.json"); done
  "$JAVA" -jar "$AGENT_JAR" compare "${files[@]}" -o "$target" >/dev/null
}
