package gilprobe.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import gilprobe.instrument.LoadedClasses;
import gilprobe.record.Recording;

/**
 * Brings the classes loaded before the agent under its transformer ({@link LoadedClasses} says which and
 * does it in batches). At launch there are few of them, and the program has not started: all of them at
 * once, silently. At attach there may be tens of thousands, and the program runs: the designated lock's
 * own classes at once, before {@code agentmain} returns (the attaching tool waits for it, and the
 * recording of the lock starts there), then the rest on the daemon thread {@value #THREAD}, which reports
 * its progress on stderr. {@code stop} cancels it.
 */
final class EarlierClasses {
    static final String THREAD = "gilprobe-retransform";
    /** At most one progress line per this many nanoseconds, besides the first and the last. */
    private static final long PROGRESS_EVERY = 2_000_000_000L;

    private final LoadedClasses loaded;
    private volatile boolean cancelled;
    private Thread background;

    private EarlierClasses(LoadedClasses loaded) {
        this.loaded = loaded;
    }

    /** At launch: every earlier class that needs the transformer, before the program starts. */
    static void atLaunch(LoadedClasses loaded) {
        List<Class<?>> candidates = loaded.candidates();
        LoadedClasses.Selection s = loaded.select(candidates, loaded.lockClasses(candidates), LoadedClasses.NOT_CANCELLED);
        loaded.retransform(s.inOrder(), LoadedClasses.NO_PROGRESS, LoadedClasses.NOT_CANCELLED);
    }

    /** At attach: the lock's classes now, the others on a background thread. */
    static EarlierClasses atAttach(LoadedClasses loaded) {
        long start = System.nanoTime();
        EarlierClasses e = new EarlierClasses(loaded);
        List<Class<?>> candidates = loaded.candidates();
        List<Class<?>> lock = loaded.lockClasses(candidates);
        LoadedClasses.Selection first = loaded.select(lock, lock, LoadedClasses.NOT_CANCELLED);
        int now = loaded.retransform(first.inOrder(), LoadedClasses.NO_PROGRESS, LoadedClasses.NOT_CANCELLED);
        List<Class<?>> rest = new ArrayList<>(candidates);
        rest.removeAll(lock);
        System.err.println("gilprobe: attached: " + count(now, "class") + " of the designated lock instrumented in "
                + seconds(System.nanoTime() - start) + "; the other " + count(rest.size(), "loaded class")
                + " follow in the background (thread " + THREAD + ")");
        e.background = new Thread(() -> {
            try {
                e.rest(rest, now);
            } catch (Throwable t) {
                // one line, never a stack trace on the target's stderr
                String line = "gilprobe: retransformation stopped by an error, some classes loaded before the attach"
                        + " are not instrumented: " + t;
                System.err.println(line);
                Recording.note(line);
            }
        }, THREAD);
        e.background.setDaemon(true);
        e.background.start();
        return e;
    }

    private void rest(List<Class<?>> classes, int instrumentedFirst) {
        Recording.markAgentThread();
        long start = System.nanoTime();
        LoadedClasses.Selection s = loaded.select(classes, List.of(), () -> cancelled);
        List<Class<?>> todo = s.inOrder();
        System.err.println("gilprobe: retransformation: " + count(classes.size(), "class") + " judged in "
                + seconds(System.nanoTime() - start) + ": " + todo.size() + " to instrument (" + s.lock().size()
                + " using the lock's class, " + s.unreadable().size() + " without a readable class file), "
                + s.nothing() + " need nothing");
        long[] lastLine = {System.nanoTime()};
        int done = loaded.retransform(todo, n -> {
            if (System.nanoTime() - lastLine[0] >= PROGRESS_EVERY && n < todo.size()) {
                lastLine[0] = System.nanoTime();
                System.err.println("gilprobe: retransformation: " + n + " of " + todo.size() + " classes instrumented");
            }
        }, () -> cancelled);
        String summary = (instrumentedFirst + done) + " classes loaded before the attach were retransformed ("
                + classes.size() + " more judged, " + s.nothing() + " of them needed nothing)";
        if (cancelled) {
            summary += "; stopped before the end";
        }
        Recording.note(summary);
        System.err.println("gilprobe: retransformation " + (cancelled ? "stopped" : "done") + ": " + count(done, "class")
                + " instrumented in " + seconds(System.nanoTime() - start));
    }

    /** Stops the background thread between two batches and waits for it (at most a few seconds). */
    void cancel() {
        cancelled = true;
        try {
            background.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** "1 class", "2 classes" ({@code noun} ends with "class"). */
    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "es");
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}
