package gilprobe.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import gilprobe.instrument.LoadedClasses;
import gilprobe.record.Recording;

/**
 * Classes whose retransformation waits until no thread runs a loop of theirs ({@link gilprobe.instrument.RunningLoops}
 * says why): at attach, classes to instrument; at {@code stop}, classes to restore. Tried again after 1 s,
 * then after twice as long each time, at most every {@value #MAX_WAIT_MS} ms, until none is left or
 * {@link #cancel}. A try looks up to {@value #LOOKS} times, {@value #LOOK_GAP_MS} ms apart, while classes
 * still wait: a class whose loops run in short calls back to back is free only between two calls, which one
 * look at a time rarely catches (the Scala compiler's per-run loop leaves no gap even 25 looks saw). The
 * virtual threads' stacks, a thread dump that takes about 0.4 s with 10,000 of them, are taken once a try
 * and serve its later looks. Each try that retransforms something says so
 * in one line on stderr and in the report's notes.
 */
final class WaitingClasses {
    private static final long FIRST_WAIT_MS = 1_000;
    /** Looks at the threads' stacks per try, at most (each one safepoint). */
    static final int LOOKS = 5;
    static final long LOOK_GAP_MS = 10;
    static final long MAX_WAIT_MS = 30_000;

    private final LoadedClasses loaded;
    /** What a retransformation does to these classes, for the lines: "instrumented", "restored". */
    private final String done;
    private List<Class<?>> classes; // guarded by this
    private boolean cancelled; // guarded by this
    private Thread thread;

    WaitingClasses(LoadedClasses loaded, List<Class<?>> classes, String done) {
        this.loaded = loaded;
        this.classes = new ArrayList<>(classes);
        this.done = done;
    }

    /** Tries again on a daemon thread of its own, {@code name}. */
    WaitingClasses startThread(String name) {
        thread = new Thread(new Runnable() {
            @Override
            public void run() {
                Recording.markAgentThread();
                retry();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Tries again until no class is left or {@link #cancel}, on the caller's thread. */
    void retry() {
        BooleanSupplier stop = new BooleanSupplier() {
            @Override
            public boolean getAsBoolean() {
                synchronized (WaitingClasses.this) {
                    return cancelled;
                }
            }
        };
        long waitMs = FIRST_WAIT_MS;
        while (true) {
            List<Class<?>> now;
            synchronized (this) {
                long until = System.nanoTime() + waitMs * 1_000_000L;
                for (long left = waitMs; !cancelled && left > 0; left = (until - System.nanoTime()) / 1_000_000L) {
                    try {
                        wait(left);
                    } catch (InterruptedException e) {
                        cancelled = true;
                    }
                }
                if (cancelled || classes.isEmpty()) {
                    return;
                }
                now = new ArrayList<>(classes);
            }
            LoadedClasses.Outcome o = loaded.retransform(now, LoadedClasses.NO_PROGRESS, stop, true);
            int doneThisTry = o.done();
            for (int look = 1; look < LOOKS && !o.waiting().isEmpty() && !stop.getAsBoolean(); look++) {
                synchronized (this) {
                    try {
                        wait(LOOK_GAP_MS);
                    } catch (InterruptedException e) {
                        cancelled = true;
                    }
                }
                // the platform threads looked at again; the virtual threads' dump (costly with many) once a try
                o = loaded.retransform(o.waiting(), LoadedClasses.NO_PROGRESS, stop, true, o.looked());
                doneThisTry += o.done();
            }
            synchronized (this) {
                classes = new ArrayList<>(o.waiting());
            }
            if (doneThisTry > 0) {
                String line = "retransformation: " + doneThisTry + " of the classes that waited for their loops " + done
                        + (o.waiting().isEmpty() ? "; none waits any more" : "; still waiting: " + o.waitingText());
                System.err.println("gilprobe: " + line);
                Recording.note(line);
            }
            waitMs = Math.min(waitMs * 2, MAX_WAIT_MS);
        }
    }

    /**
     * Stops trying (a retransformation under way ends first, for at most 10 s) and returns the classes that
     * were still waiting.
     */
    List<Class<?>> cancel() {
        synchronized (this) {
            cancelled = true;
            notifyAll();
        }
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            return new ArrayList<>(classes);
        }
    }
}
