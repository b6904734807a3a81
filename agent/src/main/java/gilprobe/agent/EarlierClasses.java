package gilprobe.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import gilprobe.instrument.LoadedClasses;
import gilprobe.instrument.RunningLoops;
import gilprobe.record.Recording;

/**
 * Brings the classes loaded before the agent under its transformer ({@link LoadedClasses} says which and
 * does it in batches). At launch there are few of them, and the program has not started: all of them at
 * once, silently. At attach there may be tens of thousands, and the program runs: the designated lock's
 * own classes at once, before {@code agentmain} returns (the attaching tool waits for it, and the
 * recording of the lock starts there), then the rest on the daemon thread {@value #THREAD}, which reports
 * its progress on stderr. {@code stop} cancels it.
 *
 * <p>A class a thread is running a loop of ({@link RunningLoops}) would leave that loop interpreted until it
 * returns if retransformed now. The lock's own classes are retransformed all the same (the recording needs
 * them), with a line naming each such loop; the others wait ({@link WaitingClasses}) on the same thread,
 * and are retransformed once no thread runs a loop of theirs.
 */
final class EarlierClasses {
    static final String THREAD = "gilprobe-retransform";
    /** At most one progress line per this many nanoseconds, besides the first and the last. */
    private static final long PROGRESS_EVERY = 2_000_000_000L;

    private final LoadedClasses loaded;
    private volatile boolean cancelled;
    private volatile WaitingClasses waiting;
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

    /**
     * At attach: the lock's classes now, the others on a background thread. {@code again}: classes a stopped
     * recording left instrumented (they waited to be restored): retransformed whatever they need now.
     */
    static EarlierClasses atAttach(LoadedClasses loaded, List<Class<?>> again) {
        long start = System.nanoTime();
        EarlierClasses e = new EarlierClasses(loaded);
        List<Class<?>> candidates = loaded.candidates();
        List<Class<?>> lock = loaded.lockClasses(candidates);
        LoadedClasses.Selection first = loaded.select(lock, lock, LoadedClasses.NOT_CANCELLED);
        List<Class<?>> lockTodo = first.inOrder();
        RunningLoops running = lockTodo.isEmpty() ? RunningLoops.NONE : loaded.runningLoops();
        List<String> loops = new ArrayList<>();
        for (Class<?> c : lockTodo) {
            String where = running.loopOf(c);
            if (where != null) {
                loops.add(c.getName() + " (" + where + ")");
            }
        }
        int now = loaded.retransform(lockTodo, LoadedClasses.NO_PROGRESS, LoadedClasses.NOT_CANCELLED);
        List<Class<?>> rest = new ArrayList<>(candidates);
        rest.removeAll(lock);
        System.err.println("gilprobe: attached: " + count(now, "class") + " of the designated lock instrumented in "
                + seconds(System.nanoTime() - start) + "; the other " + count(rest.size(), "loaded class")
                + " follow in the background (thread " + THREAD + ")");
        if (!loops.isEmpty()) {
            String line = "attached while threads ran loops of the lock's classes: " + LoadedClasses.listed(loops)
                    + ". Those calls go on with the code they started with, not instrumented and interpreted, until they"
                    + " return; the calls made from now on are measured";
            System.err.println("gilprobe: " + line);
            Recording.note(line);
        }
        List<Class<?>> forced = new ArrayList<>(again);
        forced.removeAll(lock);
        e.background = new Thread(() -> {
            try {
                e.rest(rest, forced, now);
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

    private void rest(List<Class<?>> classes, List<Class<?>> again, int instrumentedFirst) {
        Recording.markAgentThread();
        long start = System.nanoTime();
        LoadedClasses.Selection s = loaded.select(classes, List.of(), () -> cancelled);
        List<Class<?>> todo = s.inOrder();
        for (Class<?> c : again) {
            if (!todo.contains(c)) {
                todo.add(c);
            }
        }
        System.err.println("gilprobe: retransformation: " + count(classes.size(), "class") + " judged in "
                + seconds(System.nanoTime() - start) + ": " + todo.size() + " to instrument (" + s.lock().size()
                + " using the lock's class, " + s.unreadable().size() + " without a readable class file), "
                + s.nothing() + " need nothing");
        long[] lastLine = {System.nanoTime()};
        LoadedClasses.Outcome o = loaded.retransform(todo, n -> {
            if (System.nanoTime() - lastLine[0] >= PROGRESS_EVERY && n < todo.size()) {
                lastLine[0] = System.nanoTime();
                System.err.println("gilprobe: retransformation: " + n + " of " + todo.size() + " classes instrumented");
            }
        }, () -> cancelled, true);
        String summary = (instrumentedFirst + o.done()) + " classes loaded before the attach were retransformed ("
                + classes.size() + " more judged, " + s.nothing() + " of them needed nothing)";
        if (cancelled) {
            summary += "; stopped before the end";
        }
        Recording.note(summary);
        System.err.println("gilprobe: retransformation " + (cancelled ? "stopped" : "done") + ": " + count(o.done(), "class")
                + " instrumented in " + seconds(System.nanoTime() - start)
                + (o.waiting().isEmpty() ? "" : "; " + o.waiting().size() + " wait"));
        if (o.waiting().isEmpty() || cancelled) {
            return;
        }
        String line = count(o.waiting().size(), "class") + " not instrumented yet: a thread runs a loop of "
                + (o.waiting().size() == 1 ? "it" : "each") + ", which retransforming would leave interpreted (several"
                + " times slower) until it returns: " + o.waitingText() + ". Their code is measured once no thread"
                + " runs a loop of theirs (looked at again after 1 s, 2 s, 4 s, ..., at most every "
                + WaitingClasses.MAX_WAIT_MS / 1000 + " s), or from the start under -javaagent";
        System.err.println("gilprobe: retransformation: " + line);
        Recording.note(line);
        waiting = new WaitingClasses(loaded, o.waiting(), "instrumented");
        if (!cancelled) {
            waiting.retry();
        }
    }

    /** Stops the background thread between two batches and waits for it (at most a few seconds). */
    void cancel() {
        cancelled = true;
        WaitingClasses w = waiting;
        if (w != null) {
            w.cancel();
        }
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
