# Sourced by scripts/worked-example.sh and scripts/attach-loops.sh (after lib.sh): GraalPy and the driver
# scripts/worked-example/Countdown.java, ready to run. Defines WE (the output directory, $OUT/worked-example),
# SRC, CLASSES, VERSION (GraalPy's), show() (a path as printed), feature (the JDK's version), JVM_FLAGS and CP.
WE="$OUT/worked-example"
CLASSES="$WE/classes"
SRC="$ROOT/scripts/worked-example"
JAVAC="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
VERSION=$(sed -n 's:.*<graalpy.version>\(.*\)</graalpy.version>.*:\1:p' "$SRC/pom.xml")
mkdir -p "$WE"
# paths as printed: relative to the repository when inside it
show() { local p="${1//$ROOT\//}"; echo "${p//$HOME/~}"; }

feature=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
if [ "${feature:-0}" -lt 21 ] 2>/dev/null; then
  echo "$(basename "$0" .sh): GraalPy $VERSION needs Java 21 or later, and '$JAVA' is Java ${feature:-?}: set JAVA_HOME to a JDK 21+" >&2
  exit 1
fi
# Truffle calls native code and sun.misc.Unsafe: allowed here so that the JDK does not warn about it.
JVM_FLAGS=(--enable-native-access=ALL-UNNAMED)
if [ "$feature" -ge 23 ]; then JVM_FLAGS+=(--sun-misc-unsafe-memory-access=allow); fi

# GraalPy: the polyglot API and python-community with everything they need, from Maven Central into
# ~/.m2 (nothing is fetched again once there); the class path of their jars to $WE/classpath.txt.
if [ ! -s "$WE/classpath.txt" ] || [ "$SRC/pom.xml" -nt "$WE/classpath.txt" ]; then
  echo "fetching GraalPy $VERSION from Maven Central (about 170 MB the first time) ..." >&2
  if ! mvn -B -q -f "$SRC/pom.xml" dependency:build-classpath -Dmdep.includeTypes=jar \
       -Dmdep.outputFile="$WE/classpath.txt" >"$WE/fetch.log" 2>&1; then
    rm -f "$WE/classpath.txt"
    echo "$(basename "$0" .sh): cannot fetch GraalPy $VERSION from Maven Central (mvn dependency:build-classpath failed; its output: $(show "$WE/fetch.log"))" >&2
    exit 1
  fi
fi
build
if [ ! -f "$CLASSES/Countdown.class" ] || [ "$SRC/Countdown.java" -nt "$CLASSES/Countdown.class" ]; then
  "$JAVAC" -d "$CLASSES" -cp "$(cat "$WE/classpath.txt")" "$SRC/Countdown.java"
fi
CP="$CLASSES:$(cat "$WE/classpath.txt")"
