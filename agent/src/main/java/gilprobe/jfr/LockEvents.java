package gilprobe.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * {@code jfr=<threshold>}: gilprobe's view in JFR recordings taken by the usual tools. One event per
 * hold (at its release) or wait (at its acquisition) of the designated lock that lasted at least the
 * threshold. JFR's own start time and duration of these events are those of the commit (this JFR API
 * cannot set them from gilprobe's clock); the measured time is the {@code holdTime}/{@code waitTime}
 * field. Nothing is emitted unless a recording with these events enabled is running.
 */
public final class LockEvents {
    /** Threshold in nanoseconds; 0 = off. Set once at start. */
    public static volatile long thresholdNanos;
    /** The designated locks' specs, by designation index: each event names its lock. */
    private static volatile String[] locks = {""};

    private LockEvents() {
    }

    public static void start(long threshold, java.util.List<String> lockSpecs) {
        locks = lockSpecs.toArray(new String[0]);
        thresholdNanos = threshold;
    }

    private static String name(int designation) {
        String[] l = locks;
        return designation >= 0 && designation < l.length ? l[designation] : "";
    }

    /**
     * Called by the recording when a hold of designated lock {@code designation} lasting {@code nanos}
     * ended (already known to be over the threshold).
     */
    public static void hold(long nanos, int designation) {
        try {
            LockHold e = new LockHold();
            if (e.shouldCommit()) {
                e.lock = name(designation);
                e.holdTime = nanos;
                e.commit();
            }
        } catch (Throwable ignored) {
            // JFR unavailable (a JDK without jdk.jfr): nothing to record into
            thresholdNanos = 0;
        }
    }

    /** Called by the recording when a wait of {@code nanos} for lock {@code designation} ended with an acquisition. */
    public static void waited(long nanos, boolean contended, int designation) {
        try {
            LockWait e = new LockWait();
            if (e.shouldCommit()) {
                e.lock = name(designation);
                e.waitTime = nanos;
                e.contended = contended;
                e.commit();
            }
        } catch (Throwable ignored) {
            thresholdNanos = 0;
        }
    }

    @Name("gilprobe.LockHold")
    @Label("Designated Lock Hold")
    @Category({"gilprobe"})
    @Description("A hold of the lock designated to gilprobe, at least the jfr= threshold long; committed at its release")
    @StackTrace(true)
    static final class LockHold extends Event {
        @Label("Lock")
        String lock;
        @Label("Hold Time")
        @Timespan(Timespan.NANOSECONDS)
        long holdTime;
    }

    @Name("gilprobe.LockWait")
    @Label("Designated Lock Wait")
    @Category({"gilprobe"})
    @Description("A wait for the lock designated to gilprobe, at least the jfr= threshold long; committed at the acquisition")
    @StackTrace(true)
    static final class LockWait extends Event {
        @Label("Lock")
        String lock;
        @Label("Wait Time")
        @Timespan(Timespan.NANOSECONDS)
        long waitTime;
        @Label("Contended")
        boolean contended;
    }
}
