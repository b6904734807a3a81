package gilprobe.samples.minipy.gil;

import java.util.Locale;

/** The {@code --gil} choices. */
public enum GilPolicy {
    /** Python 2: release and re-acquire every check interval, no handoff. */
    OLD,
    /** Python 3.2+: timed waits, drop requests, forced switching. */
    NEW,
    /** FIFO ticket handoff, offered every check interval. */
    FAIR,
    /**
     * No GIL at all (the "gilectomy"): there is no Gil object, the interpreter never calls
     * acquire/release, and its shared state is thread-safe by itself.
     */
    NONE;

    public static GilPolicy parse(String s) {
        for (GilPolicy p : values()) {
            if (p.cliName().equals(s)) return p;
        }
        throw new IllegalArgumentException("unknown GIL policy '" + s + "' (expected old, new, fair or none)");
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A new lock of this policy, or null for {@link #NONE}.
     *
     * @param checkInterval       instructions between checks (old, fair)
     * @param switchIntervalNanos the switch interval (new)
     */
    public Gil create(int checkInterval, long switchIntervalNanos) {
        if (this == OLD) return new OldGil(checkInterval);
        if (this == NEW) return new NewGil(switchIntervalNanos);
        if (this == FAIR) return new FairGil(checkInterval);
        return null;
    }
}
