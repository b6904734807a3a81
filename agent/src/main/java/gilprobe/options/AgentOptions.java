package gilprobe.options;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The agent's options: {@code -javaagent:gilprobe.jar=key=value,key=value}. This class is the one place
 * that lists every option, its default and its meaning ({@link #HELP}); parsing is by type.
 */
public final class AgentOptions {
    /** Every option: name, value form, default, meaning. Printed by {@code --help} and the README. */
    public static final List<String[]> HELP = List.of(
            new String[] {"monitor", "<class>.<field> | <class>", "-",
                    "the designated lock is a JVM monitor: the object in that static or instance field, or the Class object of <class>"},
            new String[] {"lock", "<class>.<field>", "-",
                    "the designated lock is the java.util.concurrent.locks.Lock in that field"},
            new String[] {"acquire", "<class>#<method>", "-",
                    "with release=: the lock is made of methods; wait = inside the acquire method, hold = from its return to the release method (the class and its subtypes)"},
            new String[] {"release", "<class>#<method>", "-", "the release method of a methods lock (with acquire=)"},
            new String[] {"dispatch", "<prefix>[:<prefix>...] | all | off", "all",
                    "where to look for bytecode-dispatch loops: class-name prefixes (':' separated, option may repeat); all = every class outside the JDK and gilprobe"},
            new String[] {"dispatchCases", "<n>", "16",
                    "a switch inside a loop is a dispatch loop when it has at least this many distinct cases"},
            new String[] {"opcodes", "true | false", "false", "also count how often each case of each dispatch switch ran"},
            new String[] {"timeline", "<n>", "20000",
                    "intervals (hold, wait, condition wait) kept per thread for the report's timeline, the most recent ones; 0 = no timeline"},
            new String[] {"timelineThreads", "<n>", "64", "threads that get a timeline lane (the first ones to use the lock)"},
            new String[] {"profile", "cpu | itimer | off", "off",
                    "also sample call stacks with async-profiler: CPU samples (cpu = perf events, itimer = setitimer; cpu falls back to itimer) split by whether the thread held the lock, and wall-clock samples of threads waiting for it"},
            new String[] {"profileInterval", "<duration>", "10ms",
                    "sampling interval of profile= (ns, us, ms or s; at least 100us)"},
            new String[] {"interval", "<duration> | off", "off",
                    "every interval: append per-thread hold and wait histograms to <out>.hlog (HdrHistogram interval log), print a summary line on stderr, and rewrite the report (at least 100ms)"},
            new String[] {"jfr", "<duration> | off", "off",
                    "emit JFR events gilprobe.LockHold and gilprobe.LockWait for holds and waits at least this long, into any running JFR recording"},
            new String[] {"out", "<path>", "gilprobe-<pid>",
                    "output prefix: writes <path>.json and <path>.html (relative to the working directory)"});

    private static final String NAME = "[\\p{L}_$][\\p{L}\\p{N}_$]*";
    private static final Pattern BINARY_NAME = Pattern.compile(NAME + "(\\." + NAME + ")*");
    private static final Pattern METHOD = Pattern.compile("(" + NAME + "(?:\\." + NAME + ")*)#(" + NAME + "|<init>)");

    public final String raw;
    public final LockSpec lock;
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

    private AgentOptions(String raw, LockSpec lock, List<String> dispatchPrefixes, int dispatchCases, boolean opcodes,
                         int timelinePerThread, int timelineThreads, String out, String profile,
                         long profileIntervalNanos, long intervalNanos, long jfrThresholdNanos) {
        this.raw = raw;
        this.lock = lock;
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
    }

    /** Parses the agent argument string; null or empty is an error (a lock must be designated). */
    public static AgentOptions parse(String args) throws OptionException {
        String raw = args == null ? "" : args.trim();
        Map<String, List<String>> values = new LinkedHashMap<>();
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
                boolean known = false;
                for (String[] h : HELP) {
                    known |= h[0].equals(key);
                }
                if (!known) {
                    throw new OptionException("gilprobe: unknown option '" + key + "'; options are " + names());
                }
                List<String> list = values.get(key);
                if (list == null) {
                    list = new ArrayList<>();
                    values.put(key, list);
                }
                list.add(p.substring(eq + 1).trim());
            }
        }
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (e.getValue().size() > 1 && !e.getKey().equals("dispatch")) {
                throw new OptionException("gilprobe: option '" + e.getKey() + "' is given " + e.getValue().size()
                        + " times; give it once");
            }
        }
        LockSpec lock = lockSpec(values);
        List<String> dispatch = dispatch(values.getOrDefault("dispatch", List.of()));
        int cases = integer(values, "dispatchCases", 16, 2, 65536);
        boolean opcodes = bool(values, "opcodes", false);
        int timeline = integer(values, "timeline", 20000, 0, 50_000_000);
        int timelineThreads = integer(values, "timelineThreads", 64, 1, 100_000);
        String out = one(values, "out");
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
        String profile = one(values, "profile");
        if (profile != null) {
            profile = switch (profile.toLowerCase(Locale.ROOT)) {
                case "cpu", "itimer" -> profile.toLowerCase(Locale.ROOT);
                case "off", "false", "no" -> null;
                default -> throw new OptionException("gilprobe: option 'profile=" + profile + "' needs cpu, itimer or off");
            };
        }
        long interval = duration(values, "profileInterval", 10_000_000L, 100_000L, 10_000_000_000L);
        long every = "off".equals(one(values, "interval")) ? 0
                : duration(values, "interval", 0, 100_000_000L, 86_400_000_000_000L);
        long jfr = "off".equals(one(values, "jfr")) ? 0 : duration(values, "jfr", 0, 1_000L, 3_600_000_000_000L);
        return new AgentOptions(raw, lock, dispatch, cases, opcodes, timeline, timelineThreads, out, profile, interval,
                every, jfr);
    }

    private static LockSpec lockSpec(Map<String, List<String>> values) throws OptionException {
        String monitor = one(values, "monitor");
        String lock = one(values, "lock");
        String acquire = one(values, "acquire");
        String release = one(values, "release");
        int kinds = (monitor != null ? 1 : 0) + (lock != null ? 1 : 0) + (acquire != null || release != null ? 1 : 0);
        if (kinds == 0) {
            throw new OptionException("gilprobe: no lock designated; give one of monitor=<class>.<field>, "
                    + "monitor=<class>, lock=<class>.<field>, or acquire=<class>#<method>,release=<class>#<method>");
        }
        if (kinds > 1) {
            throw new OptionException("gilprobe: designate one lock: monitor=, lock= and acquire=/release= exclude each other");
        }
        if (monitor != null) {
            requireBinaryName("monitor", monitor, "<class>.<field> or <class>, e.g. monitor=com.example.Interp.GIL");
            int dot = monitor.lastIndexOf('.');
            return dot < 0
                    ? new LockSpec(LockSpec.Kind.MONITOR, monitor, null, null, null, "monitor=" + monitor)
                    : new LockSpec(LockSpec.Kind.MONITOR, monitor.substring(0, dot), monitor.substring(dot + 1), null,
                    null, "monitor=" + monitor);
        }
        if (lock != null) {
            requireBinaryName("lock", lock, "<class>.<field>, e.g. lock=com.example.Interp.lock");
            int dot = lock.lastIndexOf('.');
            if (dot < 0) {
                throw new OptionException("gilprobe: option 'lock=" + lock + "' needs <class>.<field>, e.g. lock=com.example.Interp.lock");
            }
            return new LockSpec(LockSpec.Kind.LOCK, lock.substring(0, dot), lock.substring(dot + 1), null, null,
                    "lock=" + lock);
        }
        if (acquire == null || release == null) {
            throw new OptionException("gilprobe: a lock made of methods needs both acquire=<class>#<method> and release=<class>#<method>");
        }
        var a = METHOD.matcher(acquire);
        var r = METHOD.matcher(release);
        if (!a.matches()) {
            throw new OptionException("gilprobe: option 'acquire=" + acquire + "' is not <class>#<method>, e.g. acquire=com.example.Gil#take");
        }
        if (!r.matches()) {
            throw new OptionException("gilprobe: option 'release=" + release + "' is not <class>#<method>, e.g. release=com.example.Gil#drop");
        }
        if (!a.group(1).equals(r.group(1))) {
            throw new OptionException("gilprobe: acquire= and release= must name methods of the same class (got "
                    + a.group(1) + " and " + r.group(1) + ")");
        }
        if (a.group(2).equals(r.group(2))) {
            throw new OptionException("gilprobe: acquire= and release= name the same method '" + a.group(2) + "'");
        }
        return new LockSpec(LockSpec.Kind.METHODS, a.group(1), null, a.group(2), r.group(2),
                "acquire=" + acquire + ",release=" + release);
    }

    private static List<String> dispatch(List<String> given) throws OptionException {
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
                if (prefix.isEmpty() || !Pattern.matches("[\\p{L}\\p{N}_$.]+", prefix)) {
                    throw new OptionException("gilprobe: option 'dispatch=" + v + "' needs class-name prefixes separated by ':' "
                            + "(e.g. dispatch=org.luaj:com.example.vm), 'all' or 'off'");
                }
                prefixes.add(prefix);
            }
        }
        return List.copyOf(prefixes);
    }

    private static void requireBinaryName(String key, String value, String accepted) throws OptionException {
        if (!BINARY_NAME.matcher(value).matches()) {
            throw new OptionException("gilprobe: option '" + key + "=" + value + "' is not a binary class name; accepted: " + accepted);
        }
    }

    private static String one(Map<String, List<String>> values, String key) {
        List<String> v = values.get(key);
        return v == null ? null : v.get(0);
    }

    private static int integer(Map<String, List<String>> values, String key, int dflt, int min, int max)
            throws OptionException {
        String v = one(values, key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new OptionException("gilprobe: option '" + key + "=" + v + "' needs a whole number from " + min + " to " + max);
        }
    }

    /** A duration with a unit (ns, us, ms, s) in nanoseconds, within [min, max]. */
    static long duration(Map<String, List<String>> values, String key, long dflt, long min, long max)
            throws OptionException {
        String v = one(values, key);
        if (v == null) {
            return dflt;
        }
        var m = Pattern.compile("(\\d{1,12})(ns|us|ms|s)").matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us" -> 1_000L;
                case "ms" -> 1_000_000L;
                default -> 1_000_000_000L;
            };
            if (n <= max / unit && n * unit >= min && n * unit <= max) {
                return n * unit;
            }
        }
        throw new OptionException("gilprobe: option '" + key + "=" + v + "' needs a duration from " + min / 1000
                + "us to " + max / 1_000_000_000L + "s with a unit (ns, us, ms, s), e.g. " + key + "="
                + (min >= 100_000_000L ? "1s" : "10ms"));
    }

    private static boolean bool(Map<String, List<String>> values, String key, boolean dflt) throws OptionException {
        String v = one(values, key);
        if (v == null) {
            return dflt;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new OptionException("gilprobe: option '" + key + "=" + v + "' needs true or false");
        };
    }

    private static String names() {
        StringBuilder sb = new StringBuilder();
        for (String[] h : HELP) {
            sb.append(sb.length() == 0 ? "" : ", ").append(h[0]);
        }
        return sb.toString();
    }

    /** The help text: every option with its form, default and meaning. */
    public static String helpText() {
        StringBuilder sb = new StringBuilder();
        sb.append("Agent options: -javaagent:gilprobe.jar=key=value,key=value\n");
        sb.append("Designate exactly one lock: monitor=, lock=, or acquire= with release=.\n\n");
        for (String[] h : HELP) {
            sb.append(String.format("  %-15s %-40s default: %s%n      %s%n", h[0], h[1], h[2], h[3]));
        }
        return sb.toString();
    }
}
