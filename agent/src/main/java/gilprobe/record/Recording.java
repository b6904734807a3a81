package gilprobe.record;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.HdrHistogram.Histogram;

import gilprobe.report.model.Candidate;
import gilprobe.report.model.DispatchLoop;
import gilprobe.report.model.Dist;
import gilprobe.report.model.Handoffs;
import gilprobe.report.model.LockReport;
import gilprobe.report.model.Report;
import gilprobe.report.model.Run;
import gilprobe.report.model.ThreadReport;
import gilprobe.report.model.Timeline;
import gilprobe.report.verdict.Verdicts;

/**
 * One recording: its settings, every thread's {@link ThreadState}, the designated objects, the notes, and
 * the snapshot that turns them into a {@link Report}. An instance, so that the counting rules can be driven
 * and checked in a unit test without a child JVM; the probes reach the recording in progress through one
 * static entry point, {@link #current()} (the calling thread's state) and {@link #designated()}.
 *
 * <p>A thread's state is created on its first probe (one {@code ThreadLocal} initialisation) and kept
 * after the thread ends, so thread pools and short-lived threads keep their numbers.
 *
 * <p>A JVM may record more than once ({@code stop}, then {@code attach} again): {@link #start} makes a new
 * recording, so every thread's state and the designated objects of the earlier one are forgotten, and a
 * thread's state of an earlier recording is replaced at its next probe (one reference comparison per
 * probe).
 */
public final class Recording {
    /** One designated lock: the option that designates it and its kind ("monitor", "lock", "methods"). */
    public record Designation(String spec, String kind) {
    }

    /**
     * Settings fixed at agent start. {@code locks}: the designated locks, in the order given (at least one,
     * unless {@code find}). {@code find}: every other monitor and {@code Lock} is measured as a candidate
     * ({@link Candidates}).
     */
    public record Settings(List<Designation> locks, String options, int timelinePerThread, int timelineMaxThreads,
                           boolean perOpcode, boolean find) {
        /** Before any recording: one empty designation, no timeline. */
        static final Settings NONE = new Settings(List.of(new Designation("", "monitor")), "", 0, 0, false);

        public Settings {
            locks = List.copyOf(locks);
            if ((locks.isEmpty() && !find) || locks.size() > MAX_LOCKS) {
                throw new IllegalArgumentException("between 1 and " + MAX_LOCKS + " designated locks, not " + locks.size());
            }
        }

        /** Without find. */
        public Settings(List<Designation> locks, String options, int timelinePerThread, int timelineMaxThreads,
                        boolean perOpcode) {
            this(locks, options, timelinePerThread, timelineMaxThreads, perOpcode, false);
        }

        /** Designation indexes in all: the designated locks', then (with find) the candidate groups'. */
        int uses() {
            return locks.size() + (find ? Candidates.MAX_GROUPS : 0);
        }
    }

    /** At most this many locks are designated at once. */
    public static final int MAX_LOCKS = 8;

    // ------------------------------------------------------------------ the one static entry point

    /** The recording in progress (the last one started; a stopped one stays until the next start). */
    private static volatile Recording active = new Recording(Settings.NONE);
    /** A subclass, not {@code withInitial(lambda)}: no lambda is spun on the probes' first call. */
    private static final ThreadLocal<ThreadState> CURRENT = new ThreadLocal<>() {
        @Override
        protected ThreadState initialValue() {
            return active.register(Thread.currentThread(), false);
        }
    };

    /**
     * Starts a recording now with these settings, with nothing recorded: threads, notes, designated objects
     * and monitor-use counts of an earlier recording in this JVM are forgotten.
     */
    public static synchronized Recording start(Settings s) {
        Suggestions.reset();
        Recording r = new Recording(s);
        active = r;
        return r;
    }

    /** The recording in progress. */
    public static Recording active() {
        return active;
    }

    /** The designated objects of the recording in progress (the probes' hot path: two field loads). */
    public static Designated designated() {
        return active.designated;
    }

    /** The calling thread's state in the recording in progress. */
    public static ThreadState current() {
        ThreadState t = CURRENT.get();
        Recording r = active;
        if (t.recording != r) {
            t = r.register(Thread.currentThread(), t.agentThread);
            CURRENT.set(t);
        }
        return t;
    }

    /** Marks the calling thread as one of gilprobe's own: its probes record nothing. */
    public static void markAgentThread() {
        CURRENT.set(active.register(Thread.currentThread(), true));
    }

    /** Adds a one-line remark to the report of the recording in progress. Bounded. */
    public static void note(String line) {
        active.addNote(line);
    }

    // ------------------------------------------------------------------ one recording

    private final Settings settings;
    final Designated designated;
    private final ConcurrentLinkedQueue<ThreadState> threads = new ConcurrentLinkedQueue<>();
    private final AtomicInteger nextIndex = new AtomicInteger();
    private final AtomicInteger timelines = new AtomicInteger();
    private final List<String> notes = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private final long startEpochMillis = System.currentTimeMillis();

    /** A recording with these settings, started now; {@link #start} makes it the one in progress. */
    Recording(Settings settings) {
        this.settings = settings;
        this.designated = new Designated(this); // reads the settings: after them
    }

    public Settings settings() {
        return settings;
    }

    /** A new state for {@code thread} in this recording (its first probe, or a test's hand-made thread). */
    ThreadState register(Thread thread, boolean agentThread) {
        Settings s = settings;
        boolean lane = !agentThread && s.timelinePerThread() > 0
                && timelines.incrementAndGet() <= s.timelineMaxThreads();
        if (!agentThread && liveStates.incrementAndGet() > FOLD_ABOVE) {
            foldEnded();
        }
        ThreadState state = new ThreadState(thread, nextIndex.getAndIncrement(), agentThread, lane, s.locks().size(),
                s.uses(), this);
        if (osThreadIds && !agentThread && thread == Thread.currentThread()) {
            state.osThreadId = currentOsThreadId();
        }
        if (!agentThread) {
            threads.add(state);
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
    public synchronized java.util.Map<Long, Long> osToJavaThreadIds() {
        java.util.Map<Long, Long> ids = new java.util.HashMap<>();
        for (Long os : foldedOsIds) {
            ids.put(os, -1L); // the merged row: no timeline, so their samples are "unknown", never "free"
        }
        for (ThreadState t : threads) {
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
     * Every thread's cumulative hold and wait histograms of the first designated lock, and hold and wait
     * time up to {@code now} (System.nanoTime()) including holds and waits in progress; threads that never
     * asked are left out.
     */
    public List<ThreadTotals> threadTotals(long now) {
        return threadTotals(0, now);
    }

    /** {@link #threadTotals(long)} of designated lock {@code lock}. */
    public synchronized List<ThreadTotals> threadTotals(int lock, long now) {
        List<ThreadTotals> out = new ArrayList<>();
        if (lock >= settings.locks().size()) {
            return out; // no such designated lock (find=true alone designates none)
        }
        for (ThreadState thread : threads) {
            LockUse t = thread.uses[lock];
            if (t == null) {
                continue;
            }
            Histogram h = Histograms.snapshot(t.hold);
            Histogram w = Histograms.snapshot(t.wait);
            if (h != null || w != null || t.requesting() || t.depth > 0) {
                // holds and waits in progress count up to now, so that a long one is spread over the
                // intervals it spans (racy reads: a summary line, not a total)
                long held = t.counts.heldNanos + (t.depth > 0 ? Math.max(0, now - t.holdStart) : 0);
                long waited = t.counts.waitNanos + (t.requesting() ? Math.max(0, now - t.requestStart) : 0);
                // the merged ended threads get a name that does not change as more are merged
                out.add(new ThreadTotals(thread.threadId, thread.folded > 0 ? "ended-threads" : thread.name(), h, w,
                        held, waited));
            }
        }
        return out;
    }

    public long startEpochMillis() {
        return startEpochMillis;
    }

    /**
     * One designated lock's numbers since the recording started, for the live MBeans ({@code gilprobe.jmx}):
     * the report's totals of the same name (completed holds and waits, as {@link #snapshot} counts them), the
     * time since the start, and {@code waitShare}: the verdict's wait share ({@link #waitShare}) with every
     * thread's span the whole time since the start (the verdict's {@code spanSource: "run"}). {@code holds}
     * and {@code waits} are the lock's merged histograms, or null when not asked for.
     */
    public record LiveTotals(long elapsedNanos, long acquisitions, long contendedAcquisitions, long heldNanos,
                             long waitNanos, long conditionWaitNanos, long handoffs, long selfReacquires,
                             long unfairSelfReacquires, double waitShare, Histogram holds, Histogram waits) {
    }

    /**
     * {@link LiveTotals} of designated lock {@code lock} ({@code null} when there is no such lock), with the
     * merged histograms when {@code histograms}. {@code now}: the end of the stretch ({@code System.nanoTime()}),
     * or 0 to read the clock after the threads' counters (so that the hold time never exceeds the elapsed
     * time, as in {@link #snapshot}). Reads the threads' counters racily, as {@link #snapshot} does; holds
     * this recording's monitor for the sum (the probes take it only at a thread's first probe once more than
     * {@value #FOLD_ABOVE} thread states exist, to merge ended ones), never a lock the probes use.
     */
    public synchronized LiveTotals live(int lock, boolean histograms, long now) {
        if (lock < 0 || lock >= settings.locks().size()) {
            return null;
        }
        LockCounts total = new LockCounts();
        Histogram hold = histograms ? Histograms.newNanos() : null;
        Histogram wait = histograms ? Histograms.newNanos() : null;
        List<LockCounts> perThread = new ArrayList<>();
        List<long[]> ticks = new ArrayList<>();
        for (ThreadState thread : threads) {
            LockUse t = thread.uses[lock];
            if (t == null) {
                continue;
            }
            if (histograms) {
                // histograms before counters, as in the snapshot
                Histogram h = Histograms.snapshot(t.hold);
                Histogram w = Histograms.snapshot(t.wait);
                if (h != null) {
                    hold.add(h);
                    wait.add(w);
                }
            }
            LockCounts c = t.counts.copy();
            long all = thread.ticks();
            long held = Math.min(c.ticksHeld, all);
            perThread.add(c);
            ticks.add(new long[] {held, all - held});
            c.addTo(total);
        }
        long end = now != 0 ? now : System.nanoTime();
        long elapsed = Math.max(1, end - startNanos);
        return new LiveTotals(elapsed, total.acquisitions, total.contendedAcquisitions, total.heldNanos,
                total.waitNanos, total.conditionWaitNanos, total.handoffsIn, total.selfReacquire,
                total.unfairSelfReacquire, waitShare(perThread, ticks, elapsed), hold, wait);
    }

    /**
     * The verdict's {@code waitShare} ({@link Verdicts}: Σ W / Σ (work + W) over the threads that used the
     * lock, work = H + E, E the work without the lock, from the dispatch ticks when the thread ran some under
     * the lock) with every thread's span {@code span}: the same formula, written out because the verdict
     * also builds its sentences, which a read 100 times a second need not pay for (LiveTotalsTest checks
     * that both agree).
     */
    private static double waitShare(List<LockCounts> perThread, List<long[]> ticks, long span) {
        long sumWait = 0;
        long sumDemand = 0;
        for (int i = 0; i < perThread.size(); i++) {
            LockCounts c = perThread.get(i);
            if (c.acquisitions == 0 && c.heldNanos == 0 && c.waitNanos == 0) {
                continue; // not a user of the lock
            }
            long inLock = c.heldNanos + c.waitNanos + c.conditionWaitNanos;
            long outside = Math.max(span, inLock) - inLock;
            long ticksHeld = ticks.get(i)[0];
            long unheldWork = ticksHeld > 0 && c.heldNanos > 0
                    ? Math.min(outside, Math.round((double) ticks.get(i)[1] * c.heldNanos / ticksHeld)) : outside;
            sumWait += c.waitNanos;
            sumDemand += c.heldNanos + unheldWork + c.waitNanos;
        }
        return sumDemand > 0 ? (double) sumWait / sumDemand : 0;
    }

    /** Thread id to hold start ({@code System.nanoTime()}) of every thread holding the first lock now (racy read). */
    public java.util.Map<Long, Long> openHolds() {
        return openHolds(0);
    }

    /** {@link #openHolds()} of designated lock {@code lock}. */
    public java.util.Map<Long, Long> openHolds(int lock) {
        java.util.Map<Long, Long> open = new java.util.HashMap<>();
        if (lock >= settings.locks().size()) {
            return open;
        }
        for (ThreadState t : threads) {
            LockUse u = t.uses[lock];
            if (u != null && u.depth > 0) {
                open.put(t.threadId, u.holdStart);
            }
        }
        return open;
    }

    /** Above this many kept thread states, the states of ended threads are merged into one. */
    static final int FOLD_ABOVE = 256;
    private final AtomicInteger liveStates = new AtomicInteger();
    private ThreadState ended;
    /** OS ids of merged threads, for the profiler (whose samples of them have an unknown lock state). */
    private final java.util.Set<Long> foldedOsIds = new java.util.HashSet<>();

    /**
     * Merges the states of ended threads (without a timeline lane) into one, so that a program that
     * starts thousands of short-lived threads keeps a bounded number of states (each holds up to three
     * histograms of about 35 KiB). Totals stay exact; those threads lose their own row.
     */
    private synchronized void foldEnded() {
        if (ended == null) {
            ended = ThreadState.endedThreads(nextIndex.getAndIncrement(), settings.locks().size(), settings.uses());
            threads.add(ended);
        }
        for (java.util.Iterator<ThreadState> it = threads.iterator(); it.hasNext(); ) {
            ThreadState t = it.next();
            if (t != ended && !t.timelineLane && !t.alive() && t.folded == 0) {
                ended.absorb(t);
                if (t.osThreadId >= 0) {
                    foldedOsIds.add(t.osThreadId);
                }
                it.remove();
                liveStates.decrementAndGet();
            }
        }
    }

    /** Adds a one-line remark for this recording's report (instrumentation failures, limits hit). Bounded. */
    void addNote(String line) {
        synchronized (notes) {
            if (notes.size() < 100) {
                notes.add(line);
            } else if (notes.size() == 100) {
                notes.add("(more notes were dropped)");
            }
        }
    }

    /** The report of everything recorded from the start until now. Safe while threads still record. */
    public synchronized Report snapshot() {
        Settings s = settings;
        List<ThreadState> states = new ArrayList<>(threads);
        states.sort(Comparator.comparingInt(t -> t.index));
        long[] idByIndex = new long[nextIndex.get() + 1];
        java.util.Arrays.fill(idByIndex, -1); // -1: the merged ended threads (or unknown)
        for (ThreadState t : states) {
            if (t.index < idByIndex.length) {
                idByIndex[t.index] = t.threadId;
            }
        }
        List<LockSums> sums = new ArrayList<>();
        for (int i = 0; i < s.locks().size(); i++) {
            sums.add(sum(i, states, idByIndex));
        }
        Candidates found = designated.candidates;
        List<CandidateSums> candidateSums = found == null ? null : candidateSums(found, states);
        // the run ends after the last state was read: every hold counted ended before that, so the hold
        // time of one lock object never exceeds the run's duration (a utilization above 1 would be false)
        long duration = Math.max(1, System.nanoTime() - startNanos);
        List<Candidate> candidates = candidateSums == null ? null : CandidateSums.ranked(candidateSums, duration);
        List<LockReport> locks = new ArrayList<>();
        for (int i = 0; i < sums.size(); i++) {
            locks.add(sums.get(i).report(s.locks().get(i), duration, i == 0 ? designated.instances() : 0, candidates));
        }

        List<String> reportNotes;
        synchronized (notes) {
            reportNotes = new ArrayList<>(notes);
        }
        Timeline timeline = s.locks().isEmpty() ? null : timeline(0, states, reportNotes, duration);
        for (int i = 1; i < locks.size(); i++) {
            locks.set(i, locks.get(i).withTimeline(timeline(i, states, null, duration)));
        }
        if (found != null) {
            reportNotes.addAll(found.leftOutNotes());
        }
        for (int i = 0; i < sums.size(); i++) {
            long bounded = sums.get(i).total.boundedWaits;
            if (bounded > 0) {
                reportNotes.add((sums.size() > 1 ? s.locks().get(i).spec() + ": " : "") + bounded
                        + " acquisitions found the lock free when asked but were overtaken by another thread;"
                        + " their waits are measured from the thread's last clock reading or the lock's last release,"
                        + " whichever is later (an upper bound: no clock is read for a request that finds the lock free)");
            }
        }
        if (designated.ignoredInstances() > 0) {
            reportNotes.add("the designated field held more than " + Designated.MAX_INSTANCES + " distinct objects; "
                    + designated.ignoredInstances() + " later ones were not tracked");
        }
        Run run = new Run(startEpochMillis, duration, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version", "?"), ProcessId.current(), s.options(),
                System.getProperty("sun.java.command", ""), System.getProperty("java.vm.name", "?"), hostName());
        return new Report(Report.FORMAT, run, locks, dispatchLoops(states), timeline, reportNotes, null, candidates);
    }

    /** {@link #hostName()}'s answer, read once; null until the first snapshot. */
    private static volatile String hostName;

    /**
     * {@code run.host}: this machine's name, read at the first snapshot (never on the start path) and kept:
     * the kernel's host name ({@code /proc/sys/kernel/hostname}), else the {@code HOSTNAME} or
     * {@code COMPUTERNAME} environment variable, else {@code InetAddress.getLocalHost()}'s name, else ""
     * (a merge then names the JVM by its report file). The first two need no name lookup: a snapshot runs in
     * the exit hook and at each interval, where a slow DNS must not hold the program. Never throws.
     */
    static String hostName() {
        String h = hostName;
        if (h == null) {
            h = kernelHostName();
            for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
                if (h.isEmpty()) {
                    try {
                        String v = System.getenv(variable);
                        h = v == null ? "" : v.trim();
                    } catch (RuntimeException e) {
                        h = "";
                    }
                }
            }
            if (h.isEmpty()) {
                try {
                    h = java.net.InetAddress.getLocalHost().getHostName();
                } catch (Exception | LinkageError e) {
                    h = "";
                }
            }
            h = h == null ? "" : h;
            hostName = h;
        }
        return h;
    }

    /** Linux's host name, or "" elsewhere or when it cannot be read. */
    private static String kernelHostName() {
        try {
            java.nio.file.Path p = java.nio.file.Path.of("/proc/sys/kernel/hostname");
            if (!java.nio.file.Files.isReadable(p)) {
                return "";
            }
            byte[] b = java.nio.file.Files.readAllBytes(p);
            return new String(b, 0, Math.min(b.length, 255), java.nio.charset.StandardCharsets.UTF_8).trim();
        } catch (java.io.IOException | RuntimeException e) {
            return "";
        }
    }

    /** One candidate group's numbers summed over the threads (find=true), before the run's duration is known. */
    private record CandidateSums(Candidates.GroupView group, LockCounts total, int threads, int blockedThreads,
                                 int site) {
        /** The groups that were acquired or waited for, ranked by blocked time (then hold time, then acquisitions). */
        static List<Candidate> ranked(List<CandidateSums> sums, long duration) {
            List<Candidate> out = new ArrayList<>();
            for (CandidateSums c : sums) {
                LockCounts t = c.total;
                long blocked = t.waitNanos + t.conditionWaitNanos;
                if (t.acquisitions == 0 && blocked == 0) {
                    continue;
                }
                Candidates.GroupView g = c.group;
                String where = Suggestions.where(c.site);
                // a class of objects is named with its busiest site (without the site's "(monitor: this a.B)")
                String name = g.what() + " (" + g.objects() + (g.objects() == 1 ? " object)" : " objects)")
                        + (g.place() || where.isEmpty() ? "" : ", most requested at "
                        + where.replaceFirst(" \\(monitor: this [^()]*\\)$", ""));
                out.add(new Candidate(g.spec(), g.kind(), name, t.acquisitions, t.contendedAcquisitions, t.heldNanos,
                        t.waitNanos, t.conditionWaitNanos, blocked, (double) t.heldNanos / duration, c.threads,
                        c.blockedThreads, g.objects(), where));
            }
            out.sort(Comparator.comparingLong(Candidate::blockedNanos).reversed()
                    .thenComparing(Comparator.comparingLong(Candidate::heldNanos).reversed())
                    .thenComparing(Comparator.comparingLong(Candidate::acquisitions).reversed()));
            return out;
        }
    }

    private static List<CandidateSums> candidateSums(Candidates found, List<ThreadState> states) {
        List<CandidateSums> out = new ArrayList<>();
        for (Candidates.GroupView g : found.groups()) {
            LockCounts total = new LockCounts();
            int threads = 0;
            int blockedThreads = 0;
            java.util.Map<Integer, Long> sites = new java.util.HashMap<>();
            for (ThreadState thread : states) {
                LockUse u = g.designation() < thread.uses.length ? thread.uses[g.designation()] : null;
                if (u == null) {
                    continue;
                }
                LockCounts c = u.counts.copy();
                if (c.acquisitions > 0 || c.waitNanos > 0 || c.conditionWaitNanos > 0 || c.failedRequests > 0) {
                    threads++;
                }
                if (c.waitNanos + c.conditionWaitNanos > 0) {
                    blockedThreads++;
                }
                c.addTo(total);
                for (int i = 0; i < u.siteIds.length; i++) {
                    int site = u.siteIds[i];
                    if (site >= 0) {
                        sites.merge(site, u.siteCounts[i], Long::sum);
                    }
                }
            }
            int busiest = g.firstSite();
            long most = -1;
            for (java.util.Map.Entry<Integer, Long> e : sites.entrySet()) {
                if (e.getValue() > most || (e.getValue() == most && e.getKey() < busiest)) {
                    most = e.getValue();
                    busiest = e.getKey();
                }
            }
            out.add(new CandidateSums(g, total, threads, blockedThreads, busiest));
        }
        return out;
    }

    /** One designated lock's numbers summed over the threads, before the run's duration is known. */
    private static final class LockSums {
        final List<ThreadReport> rows = new ArrayList<>();
        final Histogram hold = Histograms.newNanos();
        final Histogram wait = Histograms.newNanos();
        final Histogram ticksPerHold = Histograms.newTicks();
        final LockCounts total = new LockCounts();
        final List<Handoffs.Edge> edges = new ArrayList<>();

        LockReport report(Designation d, long duration, int instances, List<Candidate> candidates) {
            boolean acquired = total.acquisitions > 0;
            List<LockReport.Suggestion> suggestions = acquired ? List.of()
                    : candidates == null ? Suggestions.top(10) : suggestions(candidates);
            return new LockReport(d.spec(), d.kind(), total.acquisitions, total.contendedAcquisitions,
                    total.heldNanos, total.waitNanos, total.conditionWaitNanos, (double) total.heldNanos / duration,
                    new Handoffs(total.handoffsIn, total.selfReacquire, total.unfairSelfReacquire, edges),
                    Dist.of(hold), Dist.of(wait), rows, total.conditionWaits, Dist.of(ticksPerHold), acquired,
                    suggestions, instances);
        }
    }

    /**
     * With find=true the monitors the program used are the candidates: the first ten an option designates,
     * in their rank, are the suggestions of a designated lock that was never acquired.
     */
    private static List<LockReport.Suggestion> suggestions(List<Candidate> candidates) {
        List<LockReport.Suggestion> out = new ArrayList<>();
        for (Candidate c : candidates) {
            if (!c.spec().isEmpty() && out.size() < 10) {
                out.add(new LockReport.Suggestion(c.spec(), c.site(), c.acquisitions()));
            }
        }
        return out;
    }

    private static LockSums sum(int lock, List<ThreadState> states, long[] idByIndex) {
        LockSums sums = new LockSums();
        java.util.Map<List<Long>, Long> edgeCounts = new java.util.LinkedHashMap<>();
        for (ThreadState thread : states) {
            LockUse t = thread.uses[lock];
            long ticks = thread.ticks();
            if (t == null) {
                if (ticks > 0 && lock == 0) {
                    // a thread that ran dispatch loops without taking the lock: all its ticks are "not held"
                    sums.rows.add(new ThreadReport(thread.name(), thread.threadId, 0, 0, 0, 0, Dist.empty(),
                            Dist.empty(), 0, ticks, 0, 0, 0, thread.alive()));
                }
                continue;
            }
            // histograms before counters: a hold is counted at acquisition and recorded at release, so
            // read in this order a live snapshot never shows more holds than acquisitions
            Histogram h = Histograms.snapshot(t.hold);
            Histogram w = Histograms.snapshot(t.wait);
            Histogram tph = Histograms.snapshot(t.ticksPerHold);
            LockCounts c = t.counts.copy();
            if (c.acquisitions == 0 && ticks == 0 && c.failedRequests == 0) {
                continue;
            }
            if (h != null) {
                sums.hold.add(h);
                sums.wait.add(w);
            }
            if (tph != null) {
                sums.ticksPerHold.add(tph);
            }
            long ticksHeld = Math.min(c.ticksHeld, ticks);
            sums.rows.add(new ThreadReport(thread.name(), thread.threadId, c.acquisitions, c.contendedAcquisitions,
                    c.heldNanos, c.waitNanos, dist(h), dist(w), ticksHeld, ticks - ticksHeld, c.conditionWaitNanos,
                    c.selfReacquire, c.unfairSelfReacquire, thread.alive()));
            c.addTo(sums.total);
            HandoffCounts from = t.handoffs;
            for (int i = 0; i < from.size(); i++) {
                int index = from.from[i];
                long id = index >= 0 && index < idByIndex.length ? idByIndex[index] : -1;
                edgeCounts.merge(java.util.List.of(id, thread.threadId), from.count[i], Long::sum);
            }
        }
        // one edge per pair: merged threads and "other" predecessors both count under id -1
        edgeCounts.forEach((pair, n) -> sums.edges.add(new Handoffs.Edge(pair.get(0), pair.get(1), n)));
        return sums;
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
                if (c.perCase) {
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

    private Timeline timeline(int lock, List<ThreadState> states, List<String> notes, long duration) {
        Settings s = settings;
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
            LockUse use = t.uses[lock];
            TimelineBuffer b = use == null ? null : use.timeline;
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
                intervals.add(new Timeline.Interval(Timeline.State.ofOrdinal(kinds[i]), starts[i] - startNanos,
                        ends[i] - startNanos));
            }
            intervals.sort(Comparator.comparingLong(Timeline.Interval::startNanos));
            lanes.add(new Timeline.Lane(t.name(), t.threadId, intervals));
        }
        int withoutTimeline = Math.max(0, timelines.get() - s.timelineMaxThreads());
        if (withoutTimeline > 0 && notes != null) {
            notes.add(withoutTimeline + " threads beyond the first " + s.timelineMaxThreads()
                    + " have no timeline lane (option timelineThreads)");
        }
        return new Timeline(startNanos, windowStart, cap * Math.max(1, lanes.size()), dropped, lanes,
                buckets(lock, states, duration));
    }

    /**
     * The lock's whole-run buckets of every thread with a lane ({@code timeline.buckets}): each lane copied
     * (racily, see {@link TimelineBuckets#copy}) and rescaled to the widest width of any lane, or wider if
     * that is needed for {@link TimelineBuckets#BUCKETS} buckets to reach the run's end; the buckets after the
     * run's end are cut.
     */
    private Timeline.Buckets buckets(int lock, List<ThreadState> states, long duration) {
        List<long[]> copies = new ArrayList<>();
        List<int[]> shifts = new ArrayList<>();
        List<ThreadState> owners = new ArrayList<>();
        int widest = TimelineBuckets.INITIAL_SHIFT;
        while (widest < 62 && ((long) TimelineBuckets.BUCKETS << widest) < duration) {
            widest++;
        }
        for (ThreadState t : states) {
            LockUse use = t.uses[lock];
            TimelineBuckets b = use == null ? null : use.buckets;
            if (b == null || b.isEmpty()) {
                continue;
            }
            long[] copy = new long[TimelineBuckets.STATES * TimelineBuckets.BUCKETS];
            int shift = b.copy(copy);
            if (shift < 0) {
                continue;
            }
            copies.add(copy);
            shifts.add(new int[] {shift});
            owners.add(t);
            widest = Math.max(widest, shift);
        }
        long width = 1L << widest;
        int size = (int) Math.min(TimelineBuckets.BUCKETS, Math.max(1, (duration + width - 1) >>> widest));
        List<Timeline.BucketLane> lanes = new ArrayList<>(copies.size());
        for (int i = 0; i < copies.size(); i++) {
            long[] c = copies.get(i);
            TimelineBuckets.rescale(c, shifts.get(i)[0], widest);
            // anything recorded after the last kept bucket (a hold that ended as the snapshot was taken)
            // goes into the last one, so the sums stay the thread's totals
            for (int st = 0; st < TimelineBuckets.STATES; st++) {
                int base = st * TimelineBuckets.BUCKETS;
                for (int j = size; j < TimelineBuckets.BUCKETS; j++) {
                    c[base + size - 1] += c[base + j];
                }
            }
            int h = 0;
            int w = TimelineBuckets.BUCKETS;
            int cw = 2 * TimelineBuckets.BUCKETS;
            ThreadState t = owners.get(i);
            lanes.add(new Timeline.BucketLane(t.threadId, t.name(), java.util.Arrays.copyOfRange(c, h, h + size),
                    java.util.Arrays.copyOfRange(c, w, w + size), java.util.Arrays.copyOfRange(c, cw, cw + size)));
        }
        return new Timeline.Buckets(startNanos, width, lanes);
    }

    /** The nanoTime at which the profiled interval started. */
    public long startNanos() {
        return startNanos;
    }
}
