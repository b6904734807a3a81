package gilprobe.probe;

import java.util.concurrent.atomic.AtomicBoolean;

import gilprobe.record.Recording;

/** Reports gilprobe's own failures on stderr, once per kind, and never throws. */
public final class Failures {
    private static final AtomicBoolean PROBE_REPORTED = new AtomicBoolean();

    private Failures() {
    }

    /** A probe failed: the target's operation went on unrecorded. Reported once. */
    public static void probe(Throwable t) {
        try {
            if (PROBE_REPORTED.compareAndSet(false, true)) {
                String line = "gilprobe: a probe failed, some events are not recorded: " + t;
                System.err.println(line);
                Recording.note(line);
            }
        } catch (Throwable ignored) {
            // nothing more can be done without risking the target
        }
    }
}
