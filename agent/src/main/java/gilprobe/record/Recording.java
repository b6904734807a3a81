package gilprobe.record;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.HdrHistogram.Histogram;

import gilprobe.report.model.DispatchLoop;
import gilprobe.report.model.Dist;
import gilprobe.report.model.Handoffs;
import gilprobe.report.model.LockReport;
import gilprobe.report.model.Report;
import gilprobe.report.model.Run;
import gilprobe.report.model.ThreadReport;
import gilprobe.report.model.Timeline;

/**
 * All threads' {@link ThreadState}s, and the snapshot that turns them into a {@link Report}.
 *
 * <p>A thread's state is created on its first probe (one {@code ThreadLocal} initialisation) and kept
 * after the thread ends, so thread pools and short-lived threads keep their numbers.
 *
 * <p>A JVM may record more than once ({@code stop}, then {@code attach} again): {@link #start} forgets
 * every thread's state and the designated objects, and a thread's state of an earlier recording is
 * replaced at its next probe (one comparison of an int per probe).
 */
public final class Recording {
    /** Settings fixed at agent start. */
    public record Settings(String lockSpec, String kind, String options, int timelinePerThread,
                           int timelineMaxThreads, boolean perOpcode) {
    }

    private static volatile Settings settings = new Settings("", "monitor", "", 0, 0, false);
    private static final ConcurrentLinkedQueue<ThreadState> THREADS = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger NEXT_INDEX = new AtomicInteger();
    private static final AtomicInteger TIMELINES = new AtomicInteger();
    /** A subclass, not {@code withInitial(lambda)}: no lambda is spun on the probes' first call. */
    private static final ThreadLocal<ThreadState> CURRENT = new ThreadLocal<>() {
        @Override
        protected ThreadState initialValue() {
            return register(false);
        }
    };
    private static final List<String> NOTES = new ArrayList<>();

    private static long startNanos = System.nanoTime();
    private static long startEpochMillis = System.currentTimeMillis();
    /** The number of the recording in progress; a thread's state of another one is stale. */
    private static volatile int recording;

    private Recording() {
    }

    /**
     * Starts a recording now with these settings, with nothing recorded: threads, notes, designated objects
     * and monitor-use counts of an earlier recording in this JVM are forgotten.
     */
    public static synchronized void start(Settings s) {
        settings = s;
        THREADS.clear();
        TIMELINES.set(0);
        LIVE_STATES.set(0);
        ENDED = null;
        FOLDED_OS_IDS.clear();
        osThreadIds = false;
        synchronized (NOTES) {
            NOTES.clear();
        }
        Designated.reset();
        Suggestions.reset();
        startNanos = System.nanoTime();
        startEpochMillis = System.currentTimeMillis();
        recording++;
    }

    public static Settings settings() {
        return settings;
    }

    /** The calling thread's state in the recording in progress. */
    public static ThreadState current() {
        ThreadState t = CURRENT.get();
        if (t.recording != recording) {
            t = register(t.agentThread);
            CURRENT.set(t);
        }
        return t;
    }

    /** Marks the calling thread as one of gilprobe's own: its probes record nothing. */
    public static void markAgentThread() {
        CURRENT.set(register(true));
    }

    private static ThreadState register(boolean agentThread) {
        Settings s = settings;
        TimelineBuffer timeline = null;
        if (!agentThread && s.timelinePerThread() > 0 && TIMELINES.incrementAndGet() <= s.timelineMaxThreads()) {
            timeline = new TimelineBuffer(s.timelinePerThread());
        }
        if (!agentThread && LIVE_STATES.incrementAndGet() > FOLD_ABOVE) {
            foldEnded();
        }
        ThreadState state = new ThreadState(Thread.currentThread(), NEXT_INDEX.getAndIncrement(), agentThread, timeline, recording);
        if (osThreadIds && !agentThread) {
            state.osThreadId = currentOsThreadId();
        }
        if (!agentThread) {
            THREADS.add(state);
        }
        return state;
    }

    /**
     * Set before any probe runs when a profiler needs to know threads by their OS ids (async-profiler
     * names a sample's thread by OS id; its Java id is only looked up when it stops, when ended threads
     * are gone and the main thread has become "DestroyJavaVM").
     */
    public static volatile boolean osThreadIds;

    /** The calling thread's OS id from {@code /proc/thread-self} (Linux), or -1. */
    private static long currentOsThreadId() {
        try {
            String link = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/thread-self")).toString();
            return Long.parseLong(link.substring(link.lastIndexOf('/') + 1));
        } catch (Exception | LinkageError e) {
            return -1;
        }
    }

    /** OS thread id to Java thread id of every thread that has a state and a known OS id. */
    public static synchronized java.util.Map<Long, Long> osToJavaThreadIds() {
        java.util.Map<Long, Long> ids = new java.util.HashMap<>();
        for (Long os : FOLDED_OS_IDS) {
            ids.put(os, -1L); // the merged row: no timeline, so their samples are "unknown", never "free"
        }
        for (ThreadState t : THREADS) {
            if (t.osThreadId >= 0) {
                ids.put(t.osThreadId, t.threadId);
            }
        }
        return ids;
    }

    /** One thread's cumulative numbers for an interval log: consistent copies of its histograms. */
    public record ThreadTotals(long id, String name, Histogram holds, Histogram waits, long heldNanos, long waitNanos) {
    }

    /**
     * Every thread's cumulative hold and wait histograms, and hold and wait time up to {@code now}
     * (System.nanoTime()) including holds and waits in progress; threads that never asked are left out.
     */
    public static synchronized List<ThreadTotals> threadTotals(long now) {
        List<ThreadTotals> out = new ArrayList<>();
        for (ThreadState t : THREADS) {
            Histogram h = Histograms.snapshot(t.hold);
            Histogram w = Histograms.snapshot(t.wait);
            if (h != null || w != null || t.requesting() || t.depth > 0) {
                // holds and waits in progress count up to now, so that a long one is spread over the
                // intervals it spans (racy reads: a summary line, not a total)
                long held = t.heldNanos + (t.depth > 0 ? Math.max(0, now - t.holdStart) : 0);
                long waited = t.waitNanos + (t.requesting() ? Math.max(0, now - t.requestStart) : 0);
                // the merged ended threads get a name that does not change as more are merged
                out.add(new ThreadTotals(t.threadId, t.folded > 0 ? "ended-threads" : t.name(), h, w, held, waited));
            }
        }
        return out;
    }

    public static long startEpochMillis() {
        return startEpochMillis;
    }

    /** Thread id to hold start ({@code System.nanoTime()}) of every thread holding the lock now (racy read). */
    public static java.util.Map<Long, Long> openHolds() {
        java.util.Map<Long, Long> open = new java.util.HashMap<>();
        for (ThreadState t : THREADS) {
            if (t.depth > 0) {
                open.put(t.threadId, t.holdStart);
            }
        }
        return open;
    }

    /** Above this many kept thread states, the states of ended threads are merged into one. */
    static final int FOLD_ABOVE = 256;
    private static final AtomicInteger LIVE_STATES = new AtomicInteger();
    private static ThreadState ENDED;
    /** OS ids of merged threads, for the profiler (whose samples of them have an unknown lock state). */
    private static final java.util.Set<Long> FOLDED_OS_IDS = new java.util.HashSet<>();

    /**
     * Merges the states of ended threads (without a timeline lane) into one, so that a program that
     * starts thousands of short-lived threads keeps a bounded number of states (each holds up to three
     * histograms of about 35 KiB). Totals stay exact; those threads lose their own row.
     */
    private static synchronized void foldEnded() {
        if (ENDED == null) {
            ENDED = ThreadState.endedThreads(NEXT_INDEX.getAndIncrement());
            THREADS.add(ENDED);
        }
        for (java.util.Iterator<ThreadState> it = THREADS.iterator(); it.hasNext(); ) {
            ThreadState t = it.next();
            if (t != ENDED && t.timeline == null && !t.alive() && t.folded == 0) {
                ENDED.absorb(t);
                if (t.osThreadId >= 0) {
                    FOLDED_OS_IDS.add(t.osThreadId);
                }
                it.remove();
                LIVE_STATES.decrementAndGet();
            }
        }
    }

    /** Adds a one-line remark for the report (instrumentation failures, limits hit). Bounded. */
    public static void note(String line) {
        synchronized (NOTES) {
            if (NOTES.size() < 100) {
                NOTES.add(line);
            } else if (NOTES.size() == 100) {
                NOTES.add("(more notes were dropped)");
            }
        }
    }

    /** The report of everything recorded from the start until now. Safe while threads still record. */
    public static synchronized Report snapshot() {
        Settings s = settings;
        List<ThreadState> states = new ArrayList<>(THREADS);
        states.sort(Comparator.comparingInt(t -> t.index));

        List<ThreadReport> threads = new ArrayList<>();
        Histogram hold = Histograms.newNanos();
        Histogram wait = Histograms.newNanos();
        Histogram ticksPerHold = Histograms.newTicks();
        long acquisitions = 0, contended = 0, held = 0, waited = 0, condWait = 0, condWaits = 0;
        long toOther = 0, self = 0, unfair = 0, boundedWaits = 0;
        List<Handoffs.Edge> edges = new ArrayList<>();
        java.util.Map<List<Long>, Long> edgeCounts = new java.util.LinkedHashMap<>();
        long[] idByIndex = new long[NEXT_INDEX.get() + 1];
        java.util.Arrays.fill(idByIndex, -1); // -1: the merged ended threads (or unknown)
        for (ThreadState t : states) {
            if (t.index < idByIndex.length) {
                idByIndex[t.index] = t.threadId;
            }
        }
        for (ThreadState t : states) {
            // histograms before counters: a hold is counted at acquisition and recorded at release, so
            // read in this order a live snapshot never shows more holds than acquisitions
            Histogram h = Histograms.snapshot(t.hold);
            Histogram w = Histograms.snapshot(t.wait);
            Histogram tph = Histograms.snapshot(t.ticksPerHold);
            long acq = t.acquisitions;
            long ticks = t.ticks();
            if (acq == 0 && ticks == 0 && t.failedRequests == 0) {
                continue;
            }
            if (h != null) {
                hold.add(h);
                wait.add(w);
            }
            if (tph != null) {
                ticksPerHold.add(tph);
            }
            long ticksHeld = Math.min(t.ticksHeld, ticks);
            threads.add(new ThreadReport(t.name(), t.threadId, acq, t.contendedAcquisitions, t.heldNanos, t.waitNanos,
                    dist(h), dist(w), ticksHeld, ticks - ticksHeld, t.conditionWaitNanos, t.selfReacquire,
                    t.unfairSelfReacquire, t.alive()));
            acquisitions += acq;
            contended += t.contendedAcquisitions;
            held += t.heldNanos;
            waited += t.waitNanos;
            condWait += t.conditionWaitNanos;
            condWaits += t.conditionWaits;
            toOther += t.handoffsIn;
            self += t.selfReacquire;
            unfair += t.unfairSelfReacquire;
            boundedWaits += t.boundedWaits;
            HandoffCounts from = t.handoffs;
            for (int i = 0; i < from.size(); i++) {
                int index = from.from[i];
                long id = index >= 0 && index < idByIndex.length ? idByIndex[index] : -1;
                edgeCounts.merge(java.util.List.of(id, t.threadId), from.count[i], Long::sum);
            }
        }
        // one edge per pair: merged threads and "other" predecessors both count under id -1
        edgeCounts.forEach((pair, n) -> edges.add(new Handoffs.Edge(pair.get(0), pair.get(1), n)));
        // the run ends after the last state was read: every hold counted ended before that, so the hold
        // time of one lock object never exceeds the run's duration (a utilization above 1 would be false)
        long duration = Math.max(1, System.nanoTime() - startNanos);
        boolean acquired = acquisitions > 0;
        List<LockReport.Suggestion> suggestions = acquired ? List.of() : Suggestions.top(10);
        LockReport lock = new LockReport(s.lockSpec(), s.kind(), acquisitions, contended, held, waited, condWait,
                (double) held / duration, new Handoffs(toOther, self, unfair, edges), Dist.of(hold), Dist.of(wait),
                threads, condWaits, Dist.of(ticksPerHold), acquired, suggestions, Designated.instances());

        List<String> notes;
        synchronized (NOTES) {
            notes = new ArrayList<>(NOTES);
        }
        Timeline timeline = timeline(states, s, notes);
        if (boundedWaits > 0) {
            notes.add(boundedWaits + " acquisitions found the lock free when asked but were overtaken by another thread;"
                    + " their waits are measured from the thread's last clock reading or the lock's last release,"
                    + " whichever is later (an upper bound: no clock is read for a request that finds the lock free)");
        }
        if (Designated.ignoredInstances() > 0) {
            notes.add("the designated field held more than " + Designated.MAX_INSTANCES + " distinct objects; "
                    + Designated.ignoredInstances() + " later ones were not tracked");
        }
        Run run = new Run(startEpochMillis, duration, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version", "?"), ProcessHandle.current().pid(), s.options(),
                System.getProperty("sun.java.command", ""), System.getProperty("java.vm.name", "?"));
        return new Report(Report.FORMAT, run, List.of(lock), dispatchLoops(states), timeline, notes);
    }

    private static Dist dist(Histogram h) {
        return h == null ? Dist.empty() : Dist.of(h);
    }

    private static List<DispatchLoop> dispatchLoops(List<ThreadState> states) {
        List<DispatchLoop> result = new ArrayList<>();
        for (DispatchLoops.Loop loop : DispatchLoops.all()) {
            long total = 0;
            long[] perCase = null;
            List<DispatchLoop.LoopThread> perThread = new ArrayList<>();
            for (ThreadState t : states) {
                LoopCounter[] counters = t.loopCounters;
                LoopCounter c = loop.id() < counters.length ? counters[loop.id()] : null;
                if (c == null) {
                    continue;
                }
                long n = c.ticks;
                total += n;
                perThread.add(new DispatchLoop.LoopThread(t.name(), t.threadId, n));
                if (c.cases != null) {
                    if (perCase == null) {
                        perCase = new long[c.cases.length];
                    }
                    for (int i = 0; i < perCase.length && i < c.cases.length; i++) {
                        perCase[i] += c.cases[i];
                    }
                }
            }
            List<DispatchLoop.OpcodeCount> opcodes = new ArrayList<>();
            if (perCase != null) {
                int[] keys = loop.caseKeys();
                for (int i = 0; i < perCase.length; i++) {
                    if (perCase[i] != 0) {
                        boolean isDefault = i == keys.length;
                        opcodes.add(new DispatchLoop.OpcodeCount(isDefault ? 0 : keys[i], isDefault, perCase[i]));
                    }
                }
            }
            result.add(new DispatchLoop(loop.className(), loop.method(), loop.descriptor(), loop.cases(), total,
                    perThread, opcodes));
        }
        return result;
    }

    private static Timeline timeline(List<ThreadState> states, Settings s, List<String> notes) {
        if (s.timelinePerThread() <= 0) {
            return null;
        }
        List<Timeline.Lane> lanes = new ArrayList<>();
        long dropped = 0;
        long windowStart = 0;
        int cap = s.timelinePerThread();
        long[] starts = new long[cap];
        long[] ends = new long[cap];
        byte[] kinds = new byte[cap];
        for (ThreadState t : states) {
            TimelineBuffer b = t.timeline;
            if (b == null || b.added() == 0) {
                continue;
            }
            long added = b.added();
            int n = b.copy(starts, ends, kinds);
            if (added > n) {
                dropped += added - n;
                if (n > 0) {
                    windowStart = Math.max(windowStart, starts[0] - startNanos);
                }
            }
            List<Timeline.Interval> intervals = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String state = kinds[i] == TimelineBuffer.HOLD ? "hold" : kinds[i] == TimelineBuffer.WAIT ? "wait" : "cwait";
                intervals.add(new Timeline.Interval(state, starts[i] - startNanos, ends[i] - startNanos));
            }
            intervals.sort(Comparator.comparingLong(Timeline.Interval::startNanos));
            lanes.add(new Timeline.Lane(t.name(), t.threadId, intervals));
        }
        int withoutTimeline = Math.max(0, TIMELINES.get() - s.timelineMaxThreads());
        if (withoutTimeline > 0) {
            notes.add(withoutTimeline + " threads beyond the first " + s.timelineMaxThreads()
                    + " have no timeline lane (option timelineThreads)");
        }
        return new Timeline(startNanos, windowStart, cap * Math.max(1, lanes.size()), dropped, lanes);
    }

    /** The nanoTime at which the profiled interval started. */
    public static long startNanos() {
        return startNanos;
    }
}
