#!/usr/bin/env bash
# A worked example on software we did not write (docs/worked-example.md): GraalPy, a Python on the JVM
# fetched from Maven Central, has a global interpreter lock. Our driver (scripts/worked-example/Countdown.java)
# runs the countdown of "Understanding the Python GIL" in THREADS Python threads and, for comparison, the
# same work in one thread. Then, as a user would: step 1 asks gilprobe which lock limits it (find=true),
# step 2 designates the spec the finder ranked first and reads the report's verdict.
# usage: JAVA_HOME=<a JDK 21 or later> scripts/worked-example.sh [N] [THREADS]
#        (default N = 30000000 per thread, 2 threads; GILPROBE_OUT=dir to put the output elsewhere;
#        about 1.5 to 2 minutes on 2 cores, plus GraalPy's download (about 170 MB) the first time)
source "$(dirname "$0")/lib.sh"
N="${1:-30000000}"
THREADS="${2:-2}"
source "$ROOT/scripts/worked-example/graalpy.sh"

# run NAME AGENT_OPTIONS MODE: the driver (under the agent unless AGENT_OPTIONS is empty); stdout to
# $WE/NAME.out, stderr to $WE/NAME.stderr; prints the stdout.
run() {
  local name="$1" options="$2" mode="$3" agent=()
  if [ -n "$options" ]; then agent=("-javaagent:$AGENT_JAR=$options"); fi
  if ! "$JAVA" "${JVM_FLAGS[@]}" "${agent[@]}" -cp "$CP" Countdown "$mode" "$N" "$THREADS" \
       >"$WE/$name.out" 2>"$WE/$name.stderr"; then
    echo "worked-example: the run '$name' failed; the end of $(show "$WE/$name.stderr"):" >&2
    tail -5 "$WE/$name.stderr" >&2
    exit 1
  fi
  cat "$WE/$name.out"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "?" }'; }
# command OPTIONS: the command line of a run under the agent, as printed
command() {
  echo "  \$ java ${JVM_FLAGS[*]} \\"
  echo "      -javaagent:$(show "$AGENT_JAR")=$1 \\"
  echo "      -cp \"\$CP\" Countdown threads $N $THREADS"
}
rm -f "$WE"/step*.json "$WE"/step*.html

printf '\nGraalPy %s on Java %s, %s cores: countdown(%s) %s times in one thread, then in %s threads at once.\n' \
  "$VERSION" "$feature" "$(nproc 2>/dev/null || echo '?')" "$N" "$THREADS" "$THREADS"
printf 'CP is the driver (%s) and GraalPy'"'"'s jars (%s).\n\nWithout gilprobe:\n\n' \
  "$(show "$CLASSES")" "$(show "$WE/classpath.txt")"
plain=$(run plain "" both)
seq_s=$(field sequential_s <<<"$plain"); seq_cpu=$(field sequential_cpu_s <<<"$plain")
thr_s=$(field threads_s <<<"$plain"); thr_cpu=$(field threads_cpu_s <<<"$plain")
printf '  %-30s %8s %8s %10s\n' "" "wall s" "CPU s" "cores used"
printf '  %-30s %8s %8s %10s\n' "1 thread, one after the other" "$seq_s" "$seq_cpu" "$(ratio "$seq_cpu" "$seq_s")"
printf '  %-30s %8s %8s %10s\n' "$THREADS threads at once" "$thr_s" "$thr_cpu" "$(ratio "$thr_cpu" "$thr_s")"
printf '\n  %s threads took %sx the time of one thread doing all the work (1.00x: no gain at all; %s: perfect scaling).\n' \
  "$THREADS" "$(ratio "$thr_s" "$seq_s")" "$(awk -v t="$THREADS" 'BEGIN { printf "%.2fx", 1 / t }')"
echo "  (start-up, untimed: $(field startup_s <<<"$plain") s: the JVM, the Python context, the code's import and a warm-up countdown)"

printf '\nStep 1: which lock is it? Every monitor and Lock is measured and ranked by the time threads were blocked on it:\n\n'
command "find=true,out=$(show "$WE/step1-find")"
echo
out=$(run step1-find "find=true,out=$WE/step1-find" threads)
grep 'gilprobe: find:' "$WE/step1-find.stderr" | sed 's/^/  /' || true
echo "  (the workload under the agent: threads_s=$(field threads_s <<<"$out"))"

# The first candidate's spec, read from the report's JSON (not from the stderr line, not guessed here).
spec=$(python3 -c 'import json, sys
c = json.load(open(sys.argv[1])).get("candidates") or [{}]
print(c[0].get("spec", ""))' "$WE/step1-find.json")
if [ -z "$spec" ]; then
  echo "worked-example: the finder's first candidate has no spec (no option designates it); see $(show "$WE/step1-find.html")" >&2
  exit 1
fi

printf '\nStep 2: designate the first candidate, %s (candidates[0].spec of %s):\n\n' "$spec" "$(show "$WE/step1-find.json")"
command "$spec,out=$(show "$WE/step2-designated")"
echo
out=$(run step2-designated "$spec,out=$WE/step2-designated" threads)
python3 -c 'import json, sys
lock = json.load(open(sys.argv[1]))["locks"][0]
v = lock["verdict"]
print("  verdict:", v["headline"])
print("  utilization %.0f%%, wait share %.0f%%, effective parallelism %.2f and %.2f cores lost of %d, speedup cap %s" % (
    100 * v["utilization"], 100 * v["waitShare"], v["effectiveParallelism"], v["coresLost"], v["cores"],
    "none" if v["speedupCap"] is None else "%.2fx" % v["speedupCap"]))
w = v.get("whatIf") or lock.get("whatIf")
if w:
    print("  without this lock: about %.1f s of the %.1f s run (%.2fx faster)" % (
        w["predictedNanos"] / 1e9, json.load(open(sys.argv[1]))["run"]["durationNanos"] / 1e9, w["speedup"]))' "$WE/step2-designated.json"
echo "  (the workload under the agent: threads_s=$(field threads_s <<<"$out"))"
cat <<TXT

Reports:
  step 1, the candidates:         $(show "$WE/step1-find.html")
  step 2, the designated lock:    $(show "$WE/step2-designated.html")
TXT
