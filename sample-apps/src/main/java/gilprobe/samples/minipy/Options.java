package gilprobe.samples.minipy;

import gilprobe.samples.minipy.gil.GilPolicy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line: every option with its default, in one place.
 *
 * @param gil                 {@code --gil old|new|fair|none} (default new)
 * @param checkInterval       {@code --check-interval N}: instructions between GIL checks for old
 *                            and fair (default 100, Python 2's {@code sys.setcheckinterval})
 * @param switchIntervalNanos {@code --switch-interval MS}: the new GIL's interval, decimal
 *                            milliseconds allowed (default 5, Python 3's {@code sys.setswitchinterval})
 * @param countInstructions   {@code --count-instructions}: count dispatches per thread, report at exit
 * @param stats               {@code --stats}: print the GIL policy's own counters at exit
 * @param disassemble         {@code --dis}: print the bytecode and exit without running
 * @param program             a file, or {@code @name} for the built-in {@code minipy/programs/name.py}
 * @param args                {@code sys.argv[1:]}
 */
public record Options(GilPolicy gil, int checkInterval, long switchIntervalNanos, boolean countInstructions,
                      boolean stats, boolean disassemble, String program, List<String> args) {

    public static final String USAGE = "usage: minipy [--gil old|new|fair|none] [--check-interval N] "
            + "[--switch-interval MS] [--count-instructions] [--stats] [--dis] program.py|@name [args...]";

    public static final int DEFAULT_CHECK_INTERVAL = 100;
    public static final long DEFAULT_SWITCH_INTERVAL_NANOS = 5_000_000;

    public Options {
        args = List.copyOf(args);
    }

    /** Defaults for {@code program}. */
    public static Options defaults(String program, List<String> args) {
        return new Options(GilPolicy.NEW, DEFAULT_CHECK_INTERVAL, DEFAULT_SWITCH_INTERVAL_NANOS, false, false, false,
                program, args);
    }

    public Options withGil(GilPolicy policy) {
        return new Options(policy, checkInterval, switchIntervalNanos, countInstructions, stats, disassemble, program, args);
    }

    public Options withCheckInterval(int n) {
        return new Options(gil, n, switchIntervalNanos, countInstructions, stats, disassemble, program, args);
    }

    public Options withSwitchIntervalNanos(long nanos) {
        return new Options(gil, checkInterval, nanos, countInstructions, stats, disassemble, program, args);
    }

    public Options withCountInstructions(boolean on) {
        return new Options(gil, checkInterval, switchIntervalNanos, on, stats, disassemble, program, args);
    }

    /** {@code sys.argv}. */
    public List<String> argv() {
        List<String> argv = new ArrayList<>();
        argv.add(program);
        argv.addAll(args);
        return argv;
    }

    /**
     * Parses the command line. Options come before the program; everything after it belongs to
     * the program.
     *
     * @throws IllegalArgumentException naming the bad option and what is accepted
     */
    public static Options parse(String[] argv) {
        Options o = defaults(null, List.of());
        boolean count = false;
        boolean stats = false;
        boolean dis = false;
        int i = 0;
        while (i < argv.length && argv[i].startsWith("--")) {
            String opt = argv[i];
            if (opt.equals("--count-instructions")) {
                count = true;
            } else if (opt.equals("--stats")) {
                stats = true;
            } else if (opt.equals("--dis")) {
                dis = true;
            } else if (opt.equals("--gil") || opt.equals("--check-interval") || opt.equals("--switch-interval")) {
                if (i + 1 >= argv.length) throw new IllegalArgumentException(opt + " needs a value");
                String v = argv[++i];
                if (opt.equals("--gil")) o = o.withGil(GilPolicy.parse(v));
                else if (opt.equals("--check-interval")) o = o.withCheckInterval(positiveInt(opt, v));
                else o = o.withSwitchIntervalNanos(millisToNanos(opt, v));
            } else {
                throw new IllegalArgumentException("unknown option " + opt);
            }
            i++;
        }
        if (i >= argv.length) throw new IllegalArgumentException("no program given");
        List<String> rest = List.of(argv).subList(i + 1, argv.length);
        return new Options(o.gil(), o.checkInterval(), o.switchIntervalNanos(), count, stats, dis, argv[i], rest);
    }

    private static int positiveInt(String opt, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(opt + " expects a whole number >= 1, got '" + v + "'");
    }

    private static long millisToNanos(String opt, String v) {
        try {
            long nanos = new BigDecimal(v).movePointRight(6).longValueExact();
            if (nanos > 0) return nanos;
        } catch (NumberFormatException | ArithmeticException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(opt + " expects milliseconds > 0 (decimals allowed, at most ns precision), got '" + v + "'");
    }
}
