package gilprobe.report.merge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.HdrHistogram.Histogram;

import gilprobe.report.model.Dist;
import gilprobe.report.model.DispatchLoop;
import gilprobe.report.model.Handoffs;
import gilprobe.report.model.Jvm;
import gilprobe.report.model.LockReport;
import gilprobe.report.model.Report;
import gilprobe.report.model.Run;
import gilprobe.report.model.ThreadReport;
import gilprobe.report.model.Timeline;
import gilprobe.report.verdict.Verdict;
import gilprobe.report.verdict.VerdictInput;
import gilprobe.report.verdict.Verdicts;

/**
 * Adds up reports of the same lock(s) from several JVMs (a service run as several processes, on one machine
 * or several) into one report, the report of the fleet. docs/report-format.md ("Merged reports") is the
 * reference; in short, for each lock (matched by {@code spec}; every report must designate the same set):
 * <ul>
 *   <li>counts and times are summed (acquisitions, contended acquisitions, hold, wait and condition-wait time,
 *       condition waits, handoffs of each kind); hold, wait and ticks-per-hold histograms are added (the
 *       HdrHistograms decoded, added, encoded again; every percentile is read from the sum);</li>
 *   <li>the run's {@code durationNanos} is the sum of the JVMs' durations (JVM-time), so {@code utilization =
 *       Σ heldNanos / Σ durationNanos}: the share of its JVM's time the lock was held, on average over the
 *       fleet weighted by duration, in [0, 1] per designated object as in a single run;</li>
 *   <li>every thread is kept, named {@code [host:pid] name} and given a new id, unique in the merged report
 *       (the handoff matrix, the timeline lanes and the dispatch loops' threads are renumbered alike);</li>
 *   <li>the verdict is {@link Verdicts#of} on the sums, over the sum of the durations, with each thread's span
 *       taken in its own JVM (from its own timeline, or its JVM's duration), the cores the duration-weighted
 *       mean of the JVMs' cores and the objects the largest number any JVM designated;</li>
 *   <li>{@code jvms}: one row per JVM, with its own totals and its own verdict's numbers.</li>
 * </ul>
 * The timelines are laid end to end in the order given (JVM k's lanes start at the sum of the durations before
 * it), on the same JVM-time axis as the run's duration. Dispatch loops are summed by method. Profiles and
 * {@code find=true} candidates are not merged (a note says so). A single report is accepted: its merged
 * report is that run with its {@code jvms} row.
 */
public final class MergeReports {
    private MergeReports() {
    }

    /** A report to merge, and the file it was read from (named in labels and errors). */
    public record Input(String file, Report report) {
        public Input {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(report, "report");
        }
    }

    /** The report of the fleet; a {@link MergeException} (one line) when {@code inputs} cannot be added up. */
    public static Report merge(List<Input> inputs) {
        if (inputs.isEmpty()) {
            throw new MergeException("nothing to merge: give one or more reports");
        }
        check(inputs);
        List<Source> sources = new ArrayList<>();
        Report first = inputs.get(0).report();
        long offset = 0;
        long[] nextId = {1};
        for (Input in : inputs) {
            Source s = new Source(in, offset, nextId);
            // every thread of a JVM gets its new id here, so that one JVM's threads are numbered consecutively
            for (LockReport lock : first.locks()) {
                LockReport own = s.lock(lock.spec());
                for (ThreadReport t : own.threads()) {
                    s.id(t.id());
                }
                if (own.timeline() != null) {
                    for (Timeline.Lane lane : own.timeline().lanes()) {
                        s.id(lane.id());
                    }
                }
                for (Handoffs.Edge e : own.handoffs() == null ? List.<Handoffs.Edge>of() : own.handoffs().matrix()) {
                    s.id(e.fromId());
                    s.id(e.toId());
                }
            }
            for (DispatchLoop loop : in.report().dispatchLoops()) {
                for (DispatchLoop.LoopThread t : loop.threads()) {
                    s.id(t.id());
                }
            }
            sources.add(s);
            offset += in.report().run().durationNanos();
        }
        long wall = 0;
        double coreNanos = 0;
        for (Source s : sources) {
            wall += s.run().durationNanos();
            coreNanos += (double) s.run().availableProcessors() * s.run().durationNanos();
        }
        wall = Math.max(1, wall);
        int cores = (int) Math.max(1, Math.round(coreNanos / wall));

        List<LockReport> locks = new ArrayList<>();
        for (LockReport lock : first.locks()) {
            locks.add(mergeLock(lock.spec(), lock.kind(), sources, wall, cores));
        }
        List<Jvm> jvms = new ArrayList<>();
        for (Source s : sources) {
            List<Jvm.JvmLock> rows = new ArrayList<>();
            for (LockReport lock : first.locks()) {
                LockReport own = s.lock(lock.spec());
                Verdict v = own.verdict();
                rows.add(new Jvm.JvmLock(own.spec(), own.acquisitions(), own.contendedAcquisitions(), own.heldNanos(),
                        own.waitNanos(), own.utilization(), v.waitShare(), v.coresLost(), v.threadCount(), v.diagnosis(),
                        v.severity(), v.headline()));
            }
            Run r = s.run();
            jvms.add(new Jvm(s.in.file(), s.host, r.pid(), r.startEpochMillis(), r.durationNanos(),
                    r.availableProcessors(), r.javaVersion(), rows));
        }

        Run run = new Run(min(sources), wall, cores, distinct(sources, Run::javaVersion, ", "), 0,
                distinct(sources, Run::options, " | "), distinct(sources, Run::mainCommand, " | "),
                distinct(sources, Run::vmName, ", "), distinctHosts(sources));
        Report merged = new Report(Report.FORMAT, run, locks, mergeLoops(sources), null, notes(sources), null, null, jvms);
        return merged;
    }

    /** One input with its place in the merge: its label, its offset on the JVM-time axis, its thread ids. */
    private static final class Source {
        final Input in;
        final String host;
        final long offset;
        final Map<Long, Long> ids = new HashMap<>();
        /** The merge's next free thread id, shared by the sources. */
        final long[] nextId;

        Source(Input in, long offset, long[] nextId) {
            this.in = in;
            this.offset = offset;
            this.nextId = nextId;
            String h = in.report().run().host();
            this.host = h.isEmpty() ? stem(in.file()) : h;
        }

        Run run() {
            return in.report().run();
        }

        String label() {
            return host + ":" + run().pid();
        }

        String name(String thread) {
            return "[" + label() + "] " + thread;
        }

        long id(long original) {
            Long id = ids.get(original);
            if (id == null) {
                id = nextId[0]++;
                ids.put(original, id);
            }
            return id;
        }

        LockReport lock(String spec) {
            for (LockReport l : in.report().locks()) {
                if (l.spec().equals(spec)) {
                    return l;
                }
            }
            throw new IllegalStateException("checked: " + spec);
        }
    }

    /** The same set of locks of the same kinds everywhere; no run twice. */
    private static void check(List<Input> inputs) {
        Input first = inputs.get(0);
        Map<String, String> kinds = kinds(first);
        Map<String, Input> runs = new HashMap<>();
        for (Input in : inputs) {
            Map<String, String> own = kinds(in);
            if (!own.equals(kinds)) {
                boolean kindsOnly = own.keySet().equals(kinds.keySet());
                throw new MergeException(in.file() + " and " + first.file() + " watch different locks: "
                        + describe(own, kindsOnly) + " against " + describe(kinds, kindsOnly)
                        + "; merge adds up reports of the same lock(s)");
            }
            Run r = in.report().run();
            String key = r.host() + "\u0000" + r.pid() + "\u0000" + r.startEpochMillis();
            Input same = runs.putIfAbsent(key, in);
            if (same != null) {
                throw new MergeException(in.file() + " is the same run as " + same.file() + " (pid " + r.pid()
                        + ", started at " + r.startEpochMillis() + " ms): give each JVM's report once");
            }
        }
    }

    private static Map<String, String> kinds(Input in) {
        Map<String, String> kinds = new LinkedHashMap<>();
        for (LockReport l : in.report().locks()) {
            kinds.put(l.spec(), l.kind());
        }
        if (kinds.isEmpty()) {
            throw new MergeException(in.file() + " has no designated lock (a find=true run without one): merge adds"
                    + " up designated locks; designate the lock in every JVM, e.g. with a spec from the candidates");
        }
        return kinds;
    }

    /** The specs, joined by " + "; with their kinds when only the kinds differ. */
    private static String describe(Map<String, String> kinds, boolean withKinds) {
        List<String> specs = new ArrayList<>();
        for (Map.Entry<String, String> e : kinds.entrySet()) {
            specs.add(withKinds ? e.getKey() + " (" + e.getValue() + ")" : e.getKey());
        }
        return String.join(" + ", specs);
    }

    private static LockReport mergeLock(String spec, String kind, List<Source> sources, long wall, int cores) {
        long acquisitions = 0;
        long contended = 0;
        long held = 0;
        long waited = 0;
        long conditionWait = 0;
        long conditionWaits = 0;
        long toOther = 0;
        long self = 0;
        long unfair = 0;
        boolean acquired = false;
        int instances = 0;
        List<Dist> holds = new ArrayList<>();
        List<Dist> waits = new ArrayList<>();
        List<Dist> ticks = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<String> tickFiles = new ArrayList<>();
        List<ThreadReport> threads = new ArrayList<>();
        List<Handoffs.Edge> matrix = new ArrayList<>();
        Map<String, Long> suggestions = new LinkedHashMap<>();
        Map<String, String> suggestionSites = new HashMap<>();
        List<List<VerdictInput.ThreadInput>> verdictThreads = new ArrayList<>();
        for (Source s : sources) {
            List<VerdictInput.ThreadInput> jvmThreads = new ArrayList<>();
            verdictThreads.add(jvmThreads);
            LockReport l = s.lock(spec);
            String where = s.in.file() + ": lock " + spec;
            acquisitions = add(acquisitions, l.acquisitions(), where);
            contended = add(contended, l.contendedAcquisitions(), where);
            held = add(held, l.heldNanos(), where);
            waited = add(waited, l.waitNanos(), where);
            conditionWait = add(conditionWait, l.conditionWaitNanos(), where);
            conditionWaits = add(conditionWaits, l.conditionWaits(), where);
            Handoffs h = l.handoffs() == null ? new Handoffs(0, 0, 0, List.of()) : l.handoffs();
            toOther = add(toOther, h.toOtherThread(), where);
            self = add(self, h.selfReacquire(), where);
            unfair = add(unfair, h.unfairSelfReacquire(), where);
            for (Handoffs.Edge e : h.matrix()) {
                matrix.add(new Handoffs.Edge(s.id(e.fromId()), s.id(e.toId()), e.count()));
            }
            acquired |= l.acquired();
            instances = Math.max(instances, l.instances());
            files.add(s.in.file());
            holds.add(l.holdTimes());
            waits.add(l.waitTimes());
            if (l.ticksPerHold() != null) {
                ticks.add(l.ticksPerHold());
                tickFiles.add(s.in.file());
            }
            for (LockReport.Suggestion sg : l.suggestions()) {
                suggestions.merge(sg.option(), sg.acquisitions(), Long::sum);
                suggestionSites.putIfAbsent(sg.option(), sg.site());
            }
            Map<Long, long[]> extents = l.timeline() == null ? Map.of() : l.timeline().spans(s.run().durationNanos());
            for (ThreadReport t : l.threads()) {
                long id = s.id(t.id());
                String name = s.name(t.name());
                threads.add(new ThreadReport(name, id, t.acquisitions(), t.contendedAcquisitions(), t.heldNanos(),
                        t.waitNanos(), t.holdTimes(), t.waitTimes(), t.ticksHeld(), t.ticksNotHeld(),
                        t.conditionWaitNanos(), t.selfReacquire(), t.unfairSelfReacquire(), t.alive()));
                jvmThreads.add(t.verdictInput(id, name, extents.get(t.id()), s.run().durationNanos(), false));
            }
        }
        List<LockReport.Suggestion> merged = new ArrayList<>();
        if (!acquired) {
            for (Map.Entry<String, Long> e : suggestions.entrySet()) {
                merged.add(new LockReport.Suggestion(e.getKey(), suggestionSites.get(e.getKey()), e.getValue()));
            }
            merged.sort((a, b) -> Long.compare(b.acquisitions(), a.acquisitions()));
        }
        Handoffs handoffs = new Handoffs(toOther, self, unfair, matrix);
        VerdictInput input = new VerdictInput(spec, acquired && acquisitions > 0, !merged.isEmpty(), wall, cores,
                Math.max(1, instances), acquisitions, contended, held, toOther, self, unfair,
                convoyWithinOneJvm(spec, verdictThreads));
        Verdict verdict = Verdicts.of(input);
        return new LockReport(spec, kind, acquisitions, contended, held, waited, conditionWait, (double) held / wall,
                handoffs, addHistograms(holds, files, spec + " hold"), addHistograms(waits, files, spec + " wait"), threads,
                conditionWaits, ticks.isEmpty() ? null : addHistograms(ticks, tickFiles, spec + " ticksPerHold"), acquired, merged,
                instances, verdict, mergeTimelines(spec, sources));
    }

    /**
     * The fleet's threads for the verdict, such that its convoy rule pairs two threads of one JVM only (a thread
     * waits for the lock of its own process, never for a thread of another): each JVM's convoy is found by the
     * rule on its own threads; the one whose waiting thread waited longest in all is the fleet's (the rule's own
     * choice of A). The rule reads only the threads' hold and wait medians and counts, so those are kept for that
     * JVM's threads and set to 0 elsewhere, which no thread passes; every other number is left as it is.
     */
    private static List<VerdictInput.ThreadInput> convoyWithinOneJvm(String spec, List<List<VerdictInput.ThreadInput>> byJvm) {
        int chosen = -1;
        long longestWait = -1;
        for (int k = 0; k < byJvm.size(); k++) {
            List<VerdictInput.ThreadInput> threads = byJvm.get(k);
            Verdict own = Verdicts.of(new VerdictInput(spec, true, false, 1, 1, 1, 0, 0, 0, 0, 0, 0, threads));
            if (own.convoy() == null) {
                continue;
            }
            for (VerdictInput.ThreadInput t : threads) {
                if (t.id() == own.convoy().threadId() && t.waitNanos() > longestWait) {
                    longestWait = t.waitNanos();
                    chosen = k;
                }
            }
        }
        List<VerdictInput.ThreadInput> out = new ArrayList<>();
        for (int k = 0; k < byJvm.size(); k++) {
            for (VerdictInput.ThreadInput t : byJvm.get(k)) {
                out.add(k == chosen ? t : new VerdictInput.ThreadInput(t.id(), t.name(), t.acquisitions(),
                        t.contendedAcquisitions(), t.heldNanos(), t.waitNanos(), t.conditionWaitNanos(), t.spanNanos(),
                        t.spanSource(), t.ticksHeld(), t.ticksNotHeld(), 0, 0, 0, 0));
            }
        }
        return out;
    }

    private static long add(long a, long b, String where) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            throw new MergeException(where + ": the sum is beyond the 64-bit range", e);
        }
    }

    /**
     * The sum of the distributions' histograms, summarised again. The sum keeps the finest precision of its
     * parts (the most significant digits, the lowest discernible value) and grows as values need.
     */
    static Dist addHistograms(List<Dist> dists, List<String> files, String what) {
        List<Histogram> parts = new ArrayList<>();
        int digits = 0;
        long lowest = Long.MAX_VALUE;
        long highest = 2;
        for (int i = 0; i < dists.size(); i++) {
            Dist d = dists.get(i);
            if (d == null) {
                continue;
            }
            Histogram h;
            try {
                h = d.decode();
            } catch (RuntimeException e) {
                throw new MergeException(files.get(i) + ": " + what + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
            }
            parts.add(h);
            digits = Math.max(digits, h.getNumberOfSignificantValueDigits());
            lowest = Math.min(lowest, h.getLowestDiscernibleValue());
            highest = Math.max(highest, h.getHighestTrackableValue());
        }
        if (parts.isEmpty()) {
            return Dist.empty();
        }
        Histogram sum = new Histogram(lowest, Math.max(highest, 2 * lowest), digits);
        sum.setAutoResize(true);
        for (Histogram h : parts) {
            sum.add(h);
        }
        return Dist.of(sum);
    }


    /** The JVMs' timelines of this lock end to end (JVM k from the sum of the durations before it); null if none has one. */
    private static Timeline mergeTimelines(String spec, List<Source> sources) {
        List<Timeline.Lane> lanes = new ArrayList<>();
        boolean any = false;
        long windowStart = Long.MAX_VALUE;
        long capacity = 0;
        long dropped = 0;
        for (Source s : sources) {
            Timeline t = s.lock(spec).timeline();
            if (t == null) {
                continue;
            }
            any = true;
            windowStart = Math.min(windowStart, s.offset + (t.droppedEvents() > 0 ? t.windowStartNanos() : 0));
            capacity += t.capacity();
            dropped += t.droppedEvents();
            for (Timeline.Lane lane : t.lanes()) {
                List<Timeline.Interval> shifted = new ArrayList<>(lane.intervals().size());
                for (Timeline.Interval in : lane.intervals()) {
                    shifted.add(new Timeline.Interval(in.state(), in.startNanos() + s.offset, in.endNanos() + s.offset));
                }
                lanes.add(new Timeline.Lane(s.name(lane.name()), s.id(lane.id()), shifted));
            }
        }
        if (!any) {
            return null;
        }
        return new Timeline(0, windowStart, (int) Math.min(Integer.MAX_VALUE, capacity), dropped, lanes);
    }

    /** Loops summed by class, method and descriptor: ticks summed, threads kept (renamed), opcode counts summed. */
    private static List<DispatchLoop> mergeLoops(List<Source> sources) {
        Map<String, List<Object[]>> byMethod = new LinkedHashMap<>();
        for (Source s : sources) {
            for (DispatchLoop loop : s.in.report().dispatchLoops()) {
                byMethod.computeIfAbsent(loop.className() + "." + loop.method() + loop.descriptor(), k -> new ArrayList<>())
                        .add(new Object[] {s, loop});
            }
        }
        List<DispatchLoop> out = new ArrayList<>();
        for (List<Object[]> parts : byMethod.values()) {
            DispatchLoop first = (DispatchLoop) parts.get(0)[1];
            int cases = 0;
            long ticks = 0;
            List<DispatchLoop.LoopThread> threads = new ArrayList<>();
            Map<String, long[]> opcodes = new LinkedHashMap<>();
            for (Object[] part : parts) {
                Source s = (Source) part[0];
                DispatchLoop loop = (DispatchLoop) part[1];
                cases = Math.max(cases, loop.cases());
                ticks = add(ticks, loop.ticks(), s.in.file() + ": dispatch loop " + loop.className() + "." + loop.method());
                for (DispatchLoop.LoopThread t : loop.threads()) {
                    threads.add(new DispatchLoop.LoopThread(s.name(t.name()), s.id(t.id()), t.ticks()));
                }
                for (DispatchLoop.OpcodeCount c : loop.opcodes()) {
                    opcodes.computeIfAbsent(c.key() + (c.isDefault() ? "d" : ""),
                            k -> new long[] {c.key(), c.isDefault() ? 1 : 0, 0})[2] += c.count();
                }
            }
            List<DispatchLoop.OpcodeCount> counts = new ArrayList<>();
            for (long[] c : opcodes.values()) {
                counts.add(new DispatchLoop.OpcodeCount((int) c[0], c[1] == 1, c[2]));
            }
            out.add(new DispatchLoop(first.className(), first.method(), first.descriptor(), cases, ticks, threads, counts));
        }
        return out;
    }

    private static List<String> notes(List<Source> sources) {
        List<String> notes = new ArrayList<>();
        StringBuilder from = new StringBuilder("merged from " + sources.size() + (sources.size() == 1 ? " report: " : " reports: "));
        boolean profiles = false;
        boolean candidates = false;
        for (int i = 0; i < sources.size(); i++) {
            Source s = sources.get(i);
            from.append(i == 0 ? "" : ", ").append(s.in.file()).append(" (").append(s.label()).append(')');
            profiles |= s.in.report().profile() != null;
            candidates |= s.in.report().candidates() != null;
        }
        notes.add(from + "; counts, times and histograms are summed, utilization is the summed hold time over the"
                + " summed durations, and the timeline lays the JVMs' runs end to end in this order");
        if (profiles) {
            notes.add("the JVMs' flame graphs (profile=) are not merged: each JVM's own report has them");
        }
        if (candidates) {
            notes.add("the JVMs' candidates (find=true) are not merged: each JVM's own report has them");
        }
        for (Source s : sources) {
            for (String n : s.in.report().notes()) {
                notes.add("[" + s.label() + "] " + n);
            }
        }
        return notes;
    }

    private static long min(List<Source> sources) {
        long m = Long.MAX_VALUE;
        for (Source s : sources) {
            m = Math.min(m, s.run().startEpochMillis());
        }
        return m;
    }

    private static String distinct(List<Source> sources, java.util.function.Function<Run, String> field, String sep) {
        Set<String> values = new LinkedHashSet<>();
        for (Source s : sources) {
            String v = field.apply(s.run());
            if (v != null && !v.isEmpty()) {
                values.add(v);
            }
        }
        return String.join(sep, values);
    }

    private static String distinctHosts(List<Source> sources) {
        Set<String> hosts = new LinkedHashSet<>();
        for (Source s : sources) {
            hosts.add(s.host);
        }
        return String.join(", ", hosts);
    }

    /** A file's name without its directory and its {@code .json}. */
    static String stem(String file) {
        String name = file.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1);
        return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    }
}
