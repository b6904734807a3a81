package gilprobe.probe;

import java.lang.invoke.MethodHandle;

/**
 * The probes' side of async-profiler's thread filter ({@code profile=}): while {@link #filtering}, a request
 * that finds the lock taken adds its thread to the filter and the end of the request removes it, so that
 * every wall-clock sample is a thread waiting for the lock.
 *
 * <p>It lives here, not in {@code gilprobe.profile}, because what instrumented code reaches must be defined
 * by the bootstrap class loader (see {@code gilprobe.instrument.ProbeClasses}), and loading async-profiler
 * (a private class loader, the class-file remapper) has no business there.
 */
public final class WaitFilter {
    /** True while the filter must be kept: read by the probes on every outermost request. */
    public static volatile boolean filtering;
    private static MethodHandle add;
    private static MethodHandle remove;

    private WaitFilter() {
    }

    /** Starts filtering with async-profiler's {@code addThread(null)} and {@code removeThread(null)}. */
    public static synchronized void start(MethodHandle addThread, MethodHandle removeThread) {
        add = addThread;
        remove = removeThread;
        filtering = true;
    }

    public static void stop() {
        filtering = false;
    }

    /** The calling thread starts waiting for the designated lock. */
    static void waitBegins() {
        Handles.set(true);
    }

    /** The calling thread's request ended (acquired or failed). */
    static void waitEnds() {
        Handles.set(false);
    }

    /** Holds the handles in constants, so the JIT can inline the calls; initialised after {@link #start}. */
    private static final class Handles {
        private static final MethodHandle ADD = add;
        private static final MethodHandle REMOVE = remove;

        static void set(boolean waiting) {
            try {
                if (waiting) {
                    ADD.invokeExact((Thread) null);
                } else {
                    REMOVE.invokeExact((Thread) null);
                }
            } catch (Throwable e) {
                filtering = false;
                Failures.probe(e);
            }
        }
    }
}
