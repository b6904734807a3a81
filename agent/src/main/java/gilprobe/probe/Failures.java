package gilprobe.probe;

import java.util.concurrent.atomic.AtomicBoolean;

import gilprobe.record.Recording;

/**
 * Reports gilprobe's own failures, the one path for them: a line on stderr and the same line among the
 * report's notes. Never throws.
 */
public final class Failures {
    private static final AtomicBoolean PROBE_REPORTED = new AtomicBoolean();

    private Failures() {
    }

    /** A probe failed: the target's operation went on unrecorded. Reported once. */
    public static void probe(Throwable t) {
        try {
            if (PROBE_REPORTED.compareAndSet(false, true)) {
                report("gilprobe: a probe failed, some events are not recorded: " + t);
            }
        } catch (Throwable ignored) {
            // nothing more can be done without risking the target
        }
    }

    /** A failure, in one line starting with {@code gilprobe: }: on stderr and in the report's notes. */
    public static void report(String line) {
        try {
            System.err.println(line);
            Recording.note(line);
        } catch (Throwable ignored) {
            // nothing more can be done without risking the target
        }
    }
}
