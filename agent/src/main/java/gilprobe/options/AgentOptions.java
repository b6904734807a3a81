package gilprobe.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's options: {@code -javaagent:gilprobe.jar=key=value,key=value}. {@link #OPTIONS} is the one
 * place that lists every option with its form, default, accepted range and meaning: {@link #parse} takes
 * each default and range from there, and {@link #helpText} prints them, so the two cannot disagree.
 */
public final class AgentOptions {
    /** One option: how it is written, what it is when not given, and what it means. */
    public static final class Option {
        /** The key, as in {@code key=value}. */
        public final String name;
        /** The value's form, e.g. {@code <n>} or {@code cpu | itimer | off}. */
        public final String form;
        /** The value used when the option is not given, written as a user would give it; null: no default. */
        public final String defaultValue;
        /** Smallest and largest value accepted: whole numbers as they are, durations in nanoseconds; 0, 0: no range. */
        final long min;
        final long max;
        public final String meaning;

        Option(String name, String form, String defaultValue, long min, long max, String meaning) {
            this.name = name;
            this.form = form;
            this.defaultValue = defaultValue;
            this.min = min;
            this.max = max;
            this.meaning = meaning;
        }
    }

    private static final long NS_PER_US = 1_000L;
    private static final long NS_PER_MS = 1_000_000L;
    private static final long NS_PER_S = 1_000_000_000L;

    /** Every option, in the order {@code --help} lists them. */
    public static final List<Option> OPTIONS = List.of(
            new Option("monitor", "<class>.<field> | <class>", null, 0, 0,
                    "the designated lock is a JVM monitor: the object in that static or instance field, or the Class object of <class>"),
            new Option("lock", "<class>.<field>", null, 0, 0,
                    "the designated lock is the java.util.concurrent.locks.Lock in that field"),
            new Option("acquire", "<class>#<method>", null, 0, 0,
                    "with release=: the lock is made of methods; wait = inside the acquire method, hold = from its return to the release method (the class and its subtypes)"),
            new Option("release", "<class>#<method>", null, 0, 0, "the release method of a methods lock (with acquire=)"),
            new Option("find", "true | false", "false", 0, 0,
                    "which lock is the GIL? measure every monitor and Lock the program takes (wait()/await() included), group them by where the object lives, and rank them by the time threads spent blocked on them: the report's candidates, each with the option that designates it; no designation needed"),
            new Option("dispatch", "<prefix>[:<prefix>...] | all | off", "all", 0, 0,
                    "where to look for bytecode-dispatch loops: class-name prefixes (':' separated, option may repeat); all = every class outside the JDK and gilprobe"),
            new Option("dispatchCases", "<n>", "16", 2, 65536,
                    "a switch inside a loop is a dispatch loop when it has at least this many distinct cases"),
            new Option("opcodes", "true | false", "false", 0, 0, "also count how often each case of each dispatch switch ran"),
            new Option("timeline", "<n>", "20000", 0, 50_000_000,
                    "intervals (hold, wait, condition wait) kept per thread for the report's timeline, the most recent ones; 0 = no timeline"),
            new Option("timelineThreads", "<n>", "64", 1, 100_000,
                    "threads that get a timeline lane (the first ones to use the lock)"),
            new Option("profile", "cpu | itimer | off", "off", 0, 0,
                    "also sample call stacks with async-profiler: CPU samples (cpu = perf events, itimer = setitimer; cpu falls back to itimer) split by whether the thread held the lock, and wall-clock samples of threads waiting for it"),
            new Option("profileInterval", "<duration>", "10ms", 100 * NS_PER_US, 10 * NS_PER_S,
                    "sampling interval of profile=, with a unit: ns, us, ms or s"),
            new Option("interval", "<duration> | off", "off", 100 * NS_PER_MS, 86_400 * NS_PER_S,
                    "every interval: append per-thread hold and wait histograms to <out>.hlog (HdrHistogram interval log), print a summary line on stderr, and rewrite the report"),
            new Option("jfr", "<duration> | off", "off", NS_PER_US, 3_600 * NS_PER_S,
                    "emit JFR events gilprobe.LockHold and gilprobe.LockWait for holds and waits at least this long, into any running JFR recording"),
            new Option("jmx", "true | false", "true", 0, 0,
                    "live metrics: each designated lock is a platform MBean gilprobe:type=Lock,name=<spec> (registered by a background thread after start, removed at stop); gilprobe opens no port"),
            new Option("out", "<path>", "gilprobe-<pid>", 0, 0,
                    "output prefix: writes <path>.json and <path>.html (relative to the working directory)"));

    /**
     * {@link #OPTIONS} as {name, form, default, meaning} rows ("-" for no default), for callers that print
     * or check them as text.
     */
    public static final List<String[]> HELP = helpRows();

    // Names are checked by hand, not with java.util.regex: parsing runs in premain, and a Pattern with
    // \p{L} spins lambdas and method handles whose compilations queue ahead of the target's (measured on
    // minipy: 846 compilations with the agent against 282 without, 206 of them java.lang.invoke).

    /** A letter or {@code _ $} (a name's first character), or with digits too ({@code part}): {@code \p{L}}, {@code \p{N}}. */
    private static boolean nameChar(int cp, boolean part) {
        if (cp == '_' || cp == '$' || Character.isLetter(cp)) {
            return true;
        }
        if (!part) {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }

    /** Whether {@code s[from, to)} is one name: {@code [\p{L}_$][\p{L}\p{N}_$]*}. */
    static boolean isName(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; ) {
            int cp = s.codePointAt(i);
            if (!nameChar(cp, i > from)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /** Whether {@code s} is a binary class name: names separated by single dots. */
    static boolean isBinaryName(String s) {
        int start = 0;
        for (int dot = s.indexOf('.'); ; dot = s.indexOf('.', start)) {
            int end = dot < 0 ? s.length() : dot;
            if (!isName(s, start, end)) {
                return false;
            }
            if (dot < 0) {
                return true;
            }
            start = dot + 1;
        }
    }

    /** Whether {@code s} is a dispatch prefix: one or more of {@code \p{L} \p{N} _ $ .}. */
    static boolean isPrefix(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (cp != '.' && !nameChar(cp, true)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /** {class, method} of {@code <class>#<method>} (the method a name or {@code <init>}), or null. */
    static String[] classAndMethod(String s) {
        int hash = s.indexOf('#');
        if (hash < 0 || s.indexOf('#', hash + 1) >= 0) {
            return null;
        }
        String cls = s.substring(0, hash);
        String method = s.substring(hash + 1);
        if (!isBinaryName(cls) || !(method.equals("<init>") || isName(method, 0, method.length()))) {
            return null;
        }
        return new String[] {cls, method};
    }

    public final String raw;
    /**
     * The designated locks, in the order given (1 to {@link #MAX_LOCKS}; none only with {@link #find}); each is
     * one entry of the report's locks[].
     */
    public final List<LockSpec> locks;
    /** The first designated lock, or null when none is ({@link #find} alone). */
    public final LockSpec lock;
    /** {@code find=true}: every monitor and Lock is measured and ranked as a candidate. */
    public final boolean find;
    /** Dispatch-loop scope: null = off; empty = every class outside the JDK and gilprobe; else prefixes (dotted). */
    public final List<String> dispatchPrefixes;
    public final int dispatchCases;
    public final boolean opcodes;
    public final int timelinePerThread;
    public final int timelineThreads;
    /** Output prefix, or null for the default {@code gilprobe-<pid>}. */
    public final String out;
    /** async-profiler CPU event ({@code cpu} or {@code itimer}), or null when profiling is off. */
    public final String profile;
    public final long profileIntervalNanos;
    /** {@code interval=} in nanoseconds, or 0 when off. */
    public final long intervalNanos;
    /** {@code jfr=} threshold in nanoseconds, or 0 when off. */
    public final long jfrThresholdNanos;
    /** {@code jmx=}: register each designated lock as a platform MBean. */
    public final boolean jmx;

    private AgentOptions(String raw, List<LockSpec> locks, boolean find, List<String> dispatchPrefixes, int dispatchCases, boolean opcodes,
                         int timelinePerThread, int timelineThreads, String out, String profile,
                         long profileIntervalNanos, long intervalNanos, long jfrThresholdNanos, boolean jmx) {
        this.raw = raw;
        this.locks = List.copyOf(locks);
        this.lock = locks.isEmpty() ? null : locks.get(0);
        this.find = find;
        this.dispatchPrefixes = dispatchPrefixes;
        this.dispatchCases = dispatchCases;
        this.opcodes = opcodes;
        this.timelinePerThread = timelinePerThread;
        this.timelineThreads = timelineThreads;
        this.out = out;
        this.profile = profile;
        this.profileIntervalNanos = profileIntervalNanos;
        this.intervalNanos = intervalNanos;
        this.jfrThresholdNanos = jfrThresholdNanos;
        this.jmx = jmx;
    }

    /** Parses the agent argument string; null or empty is an error (a lock must be designated, or find=true given). */
    public static AgentOptions parse(String args) throws OptionException {
        String raw = args == null ? "" : args.trim();
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String[]> designations = new ArrayList<>(); // {key, value} of monitor=, lock=, acquire=, release=, in order
        if (!raw.isEmpty()) {
            for (String part : raw.split(",", -1)) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq <= 0) {
                    throw new OptionException("gilprobe: option '" + p + "' is not key=value; options are "
                            + names() + " (java -jar gilprobe.jar --help)");
                }
                String key = p.substring(0, eq).trim();
                // plain loops, no lambdas: this runs in premain, where every lambda spins a class
                if (option(key) == null) {
                    throw new OptionException("gilprobe: unknown option '" + key + "'; options are " + names());
                }
                List<String> list = values.get(key);
                if (list == null) {
                    list = new ArrayList<>();
                    values.put(key, list);
                }
                list.add(p.substring(eq + 1).trim());
                if (isDesignation(key)) {
                    designations.add(new String[] {key, p.substring(eq + 1).trim()});
                }
            }
        }
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (e.getValue().size() > 1 && !e.getKey().equals("dispatch") && !isDesignation(e.getKey())) {
                throw new OptionException("gilprobe: option '" + e.getKey() + "' is given " + e.getValue().size()
                        + " times; give it once");
            }
        }
        boolean find = bool(values, "find");
        List<LockSpec> locks = lockSpecs(designations, find);
        List<String> dispatch = dispatch(values);
        int cases = integer(values, "dispatchCases");
        boolean opcodes = bool(values, "opcodes");
        int timeline = integer(values, "timeline");
        int timelineThreads = integer(values, "timelineThreads");
        String out = one(values, "out"); // null: the default, which names the pid of the JVM that records
        if (out != null) {
            if (out.isEmpty()) {
                throw new OptionException("gilprobe: option 'out' needs a path prefix, e.g. out=/tmp/run1");
            }
            try {
                Path.of(out + ".json");
            } catch (RuntimeException e) {
                throw new OptionException("gilprobe: option 'out=" + out + "' is not a usable path: " + e.getMessage());
            }
        }
        String profile = valueOf(values, "profile");
        profile = switch (profile.toLowerCase(Locale.ROOT)) {
            case "cpu", "itimer" -> profile.toLowerCase(Locale.ROOT);
            case "off", "false", "no" -> null;
            default -> throw new OptionException("gilprobe: option 'profile=" + profile + "' needs cpu, itimer or off");
        };
        long interval = duration(values, "profileInterval");
        long every = durationOrOff(values, "interval");
        long jfr = durationOrOff(values, "jfr");
        return new AgentOptions(raw, locks, find, dispatch, cases, opcodes, timeline, timelineThreads, out, profile, interval,
                every, jfr, bool(values, "jmx"));
    }

    /** The output prefix: {@code out=}, or the default (from {@link #OPTIONS}) for the JVM {@code pid}. */
    public String outPrefix(long pid) {
        return out != null ? out : option("out").defaultValue.replace("<pid>", String.valueOf(pid));
    }

    /**
     * These options as given, with the {@code out=} option (found by its key, however it was spaced) replaced
     * by {@code out=<prefix>}, or {@code out=<prefix>} appended when there was none. Everything else stays as
     * written, so the report's record of the options is the user's.
     */
    public String withOut(String prefix) {
        StringBuilder sb = new StringBuilder();
        boolean replaced = false;
        for (String part : raw.split(",", -1)) {
            int eq = part.indexOf('=');
            boolean isOut = eq > 0 && part.substring(0, eq).trim().equals("out");
            sb.append(sb.length() == 0 ? "" : ",").append(isOut ? "out=" + prefix : part);
            replaced |= isOut;
        }
        if (!replaced) {
            sb.append(",out=").append(prefix);
        }
        return sb.toString();
    }

    /** At most this many locks are designated in one run. */
    public static final int MAX_LOCKS = 8;

    private static boolean isDesignation(String key) {
        return key.equals("monitor") || key.equals("lock") || key.equals("acquire") || key.equals("release");
    }

    /**
     * The designated locks from the designation options in the order given: each {@code monitor=} and
     * {@code lock=} is one lock, each {@code acquire=} pairs with the next {@code release=}. None is needed
     * with {@code find}.
     */
    private static List<LockSpec> lockSpecs(List<String[]> given, boolean find) throws OptionException {
        if (given.isEmpty() && !find) {
            throw new OptionException("gilprobe: no lock designated; give one of monitor=<class>.<field>, "
                    + "monitor=<class>, lock=<class>.<field>, or acquire=<class>#<method>,release=<class>#<method>; "
                    + "or find=true to find out which lock it is");
        }
        List<LockSpec> locks = new ArrayList<>();
        String acquire = null;
        for (String[] kv : given) {
            String key = kv[0];
            String value = kv[1];
            if (acquire != null && !key.equals("release")) {
                throw new OptionException("gilprobe: option 'acquire=" + acquire
                        + "' needs its release=<class>#<method> right after it (an acquire= pairs with the next release=)");
            }
            LockSpec spec;
            switch (key) {
                case "monitor" -> spec = monitorSpec(value);
                case "lock" -> spec = lockFieldSpec(value);
                case "acquire" -> {
                    acquire = value;
                    continue;
                }
                default -> { // release
                    if (acquire == null) {
                        throw new OptionException("gilprobe: option 'release=" + value
                                + "' has no acquire=<class>#<method> before it (an acquire= pairs with the next release=)");
                    }
                    spec = methodsSpec(acquire, value);
                    acquire = null;
                }
            }
            for (LockSpec earlier : locks) {
                if (earlier.text().equals(spec.text())) {
                    throw new OptionException("gilprobe: '" + spec.text() + "' is designated twice; give each lock once");
                }
            }
            locks.add(spec);
        }
        if (acquire != null) {
            throw new OptionException("gilprobe: a lock made of methods needs both acquire=<class>#<method> and release=<class>#<method>");
        }
        if (locks.size() > MAX_LOCKS) {
            throw new OptionException("gilprobe: " + locks.size() + " locks designated; at most " + MAX_LOCKS
                    + " can be watched at once");
        }
        return locks;
    }

    private static LockSpec monitorSpec(String monitor) throws OptionException {
        requireBinaryName("monitor", monitor, "<class>.<field> or <class>, e.g. monitor=com.example.Interp.GIL");
        int dot = monitor.lastIndexOf('.');
        return dot < 0
                ? new LockSpec(LockSpec.Kind.MONITOR, monitor, null, null, null, "monitor=" + monitor)
                : new LockSpec(LockSpec.Kind.MONITOR, monitor.substring(0, dot), monitor.substring(dot + 1), null,
                null, "monitor=" + monitor);
    }

    private static LockSpec lockFieldSpec(String lock) throws OptionException {
        requireBinaryName("lock", lock, "<class>.<field>, e.g. lock=com.example.Interp.lock");
        int dot = lock.lastIndexOf('.');
        if (dot < 0) {
            throw new OptionException("gilprobe: option 'lock=" + lock + "' needs <class>.<field>, e.g. lock=com.example.Interp.lock");
        }
        return new LockSpec(LockSpec.Kind.LOCK, lock.substring(0, dot), lock.substring(dot + 1), null, null,
                "lock=" + lock);
    }

    private static LockSpec methodsSpec(String acquire, String release) throws OptionException {
        String[] a = classAndMethod(acquire);
        String[] r = classAndMethod(release);
        if (a == null) {
            throw new OptionException("gilprobe: option 'acquire=" + acquire + "' is not <class>#<method>, e.g. acquire=com.example.Gil#take");
        }
        if (r == null) {
            throw new OptionException("gilprobe: option 'release=" + release + "' is not <class>#<method>, e.g. release=com.example.Gil#drop");
        }
        if (!a[0].equals(r[0])) {
            throw new OptionException("gilprobe: acquire= and release= must name methods of the same class (got "
                    + a[0] + " and " + r[0] + ")");
        }
        if (a[1].equals(r[1])) {
            throw new OptionException("gilprobe: acquire= and release= name the same method '" + a[1] + "'");
        }
        return new LockSpec(LockSpec.Kind.METHODS, a[0], null, a[1], r[1],
                "acquire=" + acquire + ",release=" + release);
    }

    private static List<String> dispatch(Map<String, List<String>> values) throws OptionException {
        List<String> given = values.get("dispatch");
        if (given == null) {
            given = List.of(option("dispatch").defaultValue);
        }
        List<String> prefixes = new ArrayList<>();
        for (String v : given) {
            if (v.equals("off")) {
                if (given.size() > 1) {
                    throw new OptionException("gilprobe: dispatch=off cannot be combined with other dispatch= values");
                }
                return null;
            }
            if (v.equals("all")) {
                continue;
            }
            for (String p : v.split(":")) {
                String prefix = p.trim();
                if (!isPrefix(prefix)) {
                    throw new OptionException("gilprobe: option 'dispatch=" + v + "' needs class-name prefixes separated by ':' "
                            + "(e.g. dispatch=org.luaj:com.example.vm), 'all' or 'off'");
                }
                prefixes.add(prefix);
            }
        }
        return List.copyOf(prefixes);
    }

    private static void requireBinaryName(String key, String value, String accepted) throws OptionException {
        if (!isBinaryName(value)) {
            throw new OptionException("gilprobe: option '" + key + "=" + value + "' is not a binary class name; accepted: " + accepted);
        }
    }

    /** The option named {@code key}, or null. A loop, not a stream: this runs in premain. */
    private static Option option(String key) {
        for (Option o : OPTIONS) {
            if (o.name.equals(key)) {
                return o;
            }
        }
        return null;
    }

    /** The value given for {@code key}, or null. */
    private static String one(Map<String, List<String>> values, String key) {
        List<String> v = values.get(key);
        return v == null ? null : v.get(0);
    }

    /** The value given for {@code key}, or its default from {@link #OPTIONS}. */
    private static String valueOf(Map<String, List<String>> values, String key) {
        String v = one(values, key);
        return v != null ? v : option(key).defaultValue;
    }

    private static int integer(Map<String, List<String>> values, String key) throws OptionException {
        Option o = option(key);
        String v = valueOf(values, key);
        try {
            int n = Integer.parseInt(v);
            if (n < o.min || n > o.max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new OptionException("gilprobe: option '" + key + "=" + v + "' needs a whole number from " + o.min + " to " + o.max);
        }
    }

    /** {@link #duration}, or 0 for {@code off}. */
    private static long durationOrOff(Map<String, List<String>> values, String key) throws OptionException {
        return "off".equals(valueOf(values, key)) ? 0 : duration(values, key);
    }

    /** A duration with a unit (ns, us, ms, s) in nanoseconds, within the option's range. */
    static long duration(Map<String, List<String>> values, String key) throws OptionException {
        Option o = option(key);
        String v = valueOf(values, key);
        String lower = v.toLowerCase(Locale.ROOT);
        int digits = 0;
        while (digits < lower.length() && lower.charAt(digits) >= '0' && lower.charAt(digits) <= '9') {
            digits++;
        }
        String suffix = lower.substring(digits);
        long unit = switch (suffix) {
            case "ns" -> 1L;
            case "us" -> NS_PER_US;
            case "ms" -> NS_PER_MS;
            case "s" -> NS_PER_S;
            default -> 0L;
        };
        if (digits >= 1 && digits <= 12 && unit > 0) { // (\d{1,12})(ns|us|ms|s)
            long n = Long.parseLong(lower.substring(0, digits));
            if (n <= o.max / unit && n * unit >= o.min && n * unit <= o.max) {
                return n * unit;
            }
        }
        throw new OptionException("gilprobe: option '" + key + "=" + v + "' needs a duration from " + durationText(o.min)
                + " to " + durationText(o.max) + " with a unit (ns, us, ms, s), e.g. " + key + "="
                + (o.min >= 100 * NS_PER_MS ? "1s" : "10ms"));
    }

    /** A whole number of the largest unit that divides it: 100000 ns is "100us". */
    private static String durationText(long nanos) {
        if (nanos % NS_PER_S == 0) {
            return nanos / NS_PER_S + "s";
        }
        if (nanos % NS_PER_MS == 0) {
            return nanos / NS_PER_MS + "ms";
        }
        if (nanos % NS_PER_US == 0) {
            return nanos / NS_PER_US + "us";
        }
        return nanos + "ns";
    }

    private static boolean bool(Map<String, List<String>> values, String key) throws OptionException {
        String v = valueOf(values, key);
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new OptionException("gilprobe: option '" + key + "=" + v + "' needs true or false");
        };
    }

    /** The accepted values of an option with a range, e.g. "2 to 65536" or "100us to 10s". */
    private static String range(Option o) {
        if (o.min == 0 && o.max == 0) {
            return null;
        }
        return o.form.contains("duration") ? durationText(o.min) + " to " + durationText(o.max) : o.min + " to " + o.max;
    }

    private static List<String[]> helpRows() {
        List<String[]> rows = new ArrayList<>();
        for (Option o : OPTIONS) {
            rows.add(new String[] {o.name, o.form, o.defaultValue == null ? "-" : o.defaultValue, o.meaning});
        }
        return List.copyOf(rows);
    }

    private static String names() {
        StringBuilder sb = new StringBuilder();
        for (Option o : OPTIONS) {
            sb.append(sb.length() == 0 ? "" : ", ").append(o.name);
        }
        return sb.toString();
    }

    /** The help text: every option with its form, default, range and meaning, from {@link #OPTIONS}. */
    public static String helpText() {
        StringBuilder sb = new StringBuilder();
        sb.append("Agent options: -javaagent:gilprobe.jar=key=value,key=value\n");
        sb.append("Designate one or more locks (up to " + MAX_LOCKS + "): monitor=, lock=, or acquire= followed by its release=;\n"
                + "each may be given more than once, and each lock is one entry of the report, in the order given.\n"
                + "Not sure which lock it is? find=true ranks every monitor and Lock and prints the option for each.\n\n");
        for (Option o : OPTIONS) {
            String range = range(o);
            sb.append(String.format("  %-15s %-40s default: %s%n", o.name, o.form, o.defaultValue == null ? "-" : o.defaultValue));
            wrap(sb, o.meaning + (range == null ? "" : "; accepted: " + range), "      ", 100);
        }
        return sb.toString();
    }

    /** Appends {@code text} in lines of at most {@code width} characters (longer words alone), each indented. */
    private static void wrap(StringBuilder sb, String text, String indent, int width) {
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                sb.append(line).append(System.lineSeparator());
                line.setLength(0);
                line.append(indent);
            }
            line.append(line.length() > indent.length() ? " " : "").append(word);
        }
        sb.append(line).append(System.lineSeparator());
    }
}
