#!/usr/bin/env bash
# Two one-thread programs at the same time, each JVM pinned to a core of its own (taskset), the cores
# swapped every round: a way to compare two builds of the agent on one program when the host's speed
# drifts between minutes. Both commands must print elapsed_s= (the programs' own clocks, as GilBattle and
# minipy do). Prints each round and the median of the per-round ratios A/B with their range.
# usage: ROUNDS=10 scripts/side-by-side.sh 'A command' 'B command'
# e.g.   ROUNDS=10 scripts/side-by-side.sh \
#          "java -javaagent:/tmp/new.jar=<options>,opcodes=true -cp benchmarks/target/benchmarks.jar gilprobe.bench.GilBattle 1 100000000 100" \
#          "java -javaagent:/tmp/old.jar=<options>,opcodes=true -cp benchmarks/target/benchmarks.jar gilprobe.bench.GilBattle 1 100000000 100"
# Each JVM sees one processor, so the agent's own threads share its core. The same command as A and as B
# read 1.110 (0.877 to 1.322) over 8 rounds on the project's 2-core VM: read differences of a few
# percent only from a median that several runs of this agree on.
source "$(dirname "$0")/lib.sh"
if [ $# -ne 2 ]; then echo "usage: ROUNDS=10 $0 'A command' 'B command'" >&2; exit 2; fi
ROUNDS="${ROUNDS:-8}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
ratios=()
for ((i = 0; i < ROUNDS; i++)); do
  ca=$((i % 2))
  taskset -c "$ca" bash -c "$1" >"$tmp/a" 2>/dev/null & pa=$!
  taskset -c "$((1 - ca))" bash -c "$2" >"$tmp/b" 2>/dev/null & pb=$!
  wait "$pa" "$pb" || true
  ta="$(field elapsed_s <"$tmp/a")"; tb="$(field elapsed_s <"$tmp/b")"
  if [ -z "$ta" ] || [ -z "$tb" ]; then echo "round $i: a command printed no elapsed_s=" >&2; exit 1; fi
  r="$(ratio "$ta" "$tb")"
  ratios+=("$r")
  printf 'round %d: A %s s (core %d), B %s s, A/B %s\n' "$i" "$ta" "$ca" "$tb" "$r"
done
printf 'A/B median %s (%s to %s), %d rounds\n' "$(printf '%s\n' "${ratios[@]}" | median)" \
  "$(printf '%s\n' "${ratios[@]}" | sort -g | head -1)" "$(printf '%s\n' "${ratios[@]}" | sort -g | tail -1)" "$ROUNDS"
