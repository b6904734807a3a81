package gilprobe.profile;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import gilprobe.report.model.LockReport;
import gilprobe.report.model.Profile;
import gilprobe.report.model.Report;
import gilprobe.report.model.ThreadReport;
import gilprobe.report.model.Timeline;

/**
 * Turns async-profiler's JFR file into the report's flame graphs.
 *
 * <p>Each sample is placed by the sampled thread's lock state at the sample's timestamp: a wall-clock
 * sample of a thread that was waiting for the lock goes to the {@code wait} graph (others are left out:
 * the thread was running, holding, or blocked on something else); a CPU sample to {@code held},
 * {@code free} or {@code unknown}. async-profiler stamps
 * samples with {@code CLOCK_MONOTONIC} nanoseconds (a chunk's ticks per second is 10^9), the clock of
 * {@code System.nanoTime()} that the timeline uses, so the comparison is exact. Threads are matched
 * by OS thread id (recorded by the agent when a thread first meets a probe), because async-profiler
 * resolves Java thread ids only when it stops. A thread that never used the lock is {@code free}; a sample older than the
 * kept window of its thread's timeline is placed by the thread's whole-run bucket ({@code timeline.buckets}) when that
 * bucket is all one state (or empty: free), else it is {@code unknown}; so is every CPU sample when the clocks differ.
 */
final class ProfileReader {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Callees with fewer than this fraction of a graph's samples are left out of it. */
    private static final double PRUNE_BELOW = 1.0 / 5000;

    private ProfileReader() {
    }

    /**
     * The profile of {@code report}'s run: for each designated lock, its four graphs (waiting for it, on CPU
     * holding it, on CPU without it, unknown), each sample placed by its timestamp against that lock's
     * timeline. {@code openHolds.get(i)}: thread id to hold start of the holds of lock i still open.
     */
    static Profile read(Path jfr, Report report, String event, long intervalNanos, long profilerStartNanos,
                        List<String> startNotes, int timelinePerThread, List<Map<Long, Long>> openHolds,
                        Map<Long, Long> osToJavaIds) throws IOException {
        List<String> notes = new ArrayList<>(startNotes);
        long[] header = chunkHeader(jfr);
        boolean sameClock = header != null && header[1] == NANOS_PER_SECOND
                && Math.abs(header[0] - profilerStartNanos) < 60 * NANOS_PER_SECOND;
        int locks = Math.max(1, report.locks().size());
        List<LockGraphs> perLock = new ArrayList<>();
        for (int li = 0; li < locks; li++) {
            perLock.add(new LockGraphs(sameClock ? new Attribution(report, li, timelinePerThread,
                    li < openHolds.size() ? openHolds.get(li) : Map.of()) : null));
        }
        if (!sameClock) {
            notes.add("CPU samples are not split by lock state: async-profiler's clock"
                    + (header == null ? "" : " (" + header[1] + " ticks/s)") + " is not System.nanoTime()'s");
        }
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent e = file.readEvent();
                String type = e.getEventType().getName();
                boolean wall = type.equals("profiler.WallClockSample");
                if (!wall && !type.equals("jdk.ExecutionSample")) {
                    continue;
                }
                Long javaId = javaId(e, osToJavaIds);
                long weight = wall && e.hasField("samples") ? Math.max(1, e.getLong("samples")) : 1;
                for (LockGraphs g : perLock) {
                    if (wall) {
                        g.wallSample(e, javaId, weight);
                    } else {
                        g.cpuSample(e, javaId);
                    }
                }
            }
        }
        // the notes about samples outside the window: the first lock's (the others' windows are alike)
        LockGraphs first = perLock.get(0);
        if (first.wallOutsideWindow > 0) {
            notes.add(first.wallOutsideWindow + " wall-clock samples fell before the kept window of their thread's timeline: "
                    + "whether the thread was waiting is unknown, so they are left out of the waiting graph");
        }
        if (!sameClock) {
            notes.add("wall-clock samples are left out: without a common clock a waiting thread cannot be told apart");
        }
        if (first.attribution != null && first.attribution.fromBuckets > 0) {
            notes.add(first.attribution.fromBuckets + " samples fell before the kept window of their thread's timeline and "
                    + "were placed by the whole-run buckets (timeline.buckets): their bucket was all one state");
        }
        if (first.beforeWindow > 0) {
            notes.add(first.beforeWindow + " CPU samples fell before the kept window of their thread's timeline where its "
                    + "whole-run bucket mixed states, so their lock state is unknown (raise timeline= to keep more)");
        }
        List<Profile.FlameGraph> graphs = new ArrayList<>();
        for (int li = 0; li < locks; li++) {
            LockGraphs g = perLock.get(li);
            String of = locks > 1 ? " " + report.locks().get(li).spec() : "";
            graphs.add(graph("wait", "Waiting for the lock" + of + " (wall-clock samples of waiting threads)", g.wait, li));
            graphs.add(graph("held", "On CPU while holding the lock" + of, g.held, li));
            graphs.add(graph("free", "On CPU without the lock" + of, g.free, li));
            if (g.unknown.total > 0) {
                graphs.add(graph("unknown", "On CPU, state of the lock" + of + " unknown", g.unknown, li));
            }
        }
        return new Profile(event, intervalNanos, "ok", notes, graphs);
    }

    /** The Java id of a sample's thread, found by its OS id among the threads the agent knows; else null. */
    private static Long javaId(RecordedEvent sample, Map<Long, Long> osToJavaIds) {
        RecordedThread t = sample.getThread("sampledThread");
        return t == null ? null : osToJavaIds.get(t.getOSThreadId());
    }

    private static Profile.FlameGraph graph(String kind, String title, Node root, int lock) {
        long min = Math.max(1, (long) Math.ceil(root.total * PRUNE_BELOW));
        return new Profile.FlameGraph(kind, title, root.total, root.freeze(min), lock);
    }

    /** One lock's four graphs while the samples are read, placed by that lock's timeline. */
    private static final class LockGraphs {
        final Attribution attribution;
        final Node wait = new Node("all");
        final Node held = new Node("all");
        final Node free = new Node("all");
        final Node unknown = new Node("all");
        long beforeWindow;
        long wallOutsideWindow;

        LockGraphs(Attribution attribution) {
            this.attribution = attribution;
        }

        void wallSample(RecordedEvent e, Long javaId, long weight) {
            if (attribution == null) {
                return; // without a common clock no wall-clock sample can be placed
            }
            int state = javaId == null ? Attribution.FREE : attribution.state(javaId, e.getLong("startTime"));
            if (state == Attribution.WAITING) {
                wait.add(e.getStackTrace(), weight);
            } else if (state == Attribution.UNKNOWN) {
                wallOutsideWindow += weight;
            }
        }

        void cpuSample(RecordedEvent e, Long javaId) {
            int state = Attribution.UNKNOWN;
            if (attribution != null) {
                // by OS id: a thread without a state never used the lock
                state = javaId == null ? Attribution.FREE : attribution.state(javaId, e.getLong("startTime"));
                if (state == Attribution.UNKNOWN) {
                    beforeWindow++;
                }
            }
            Node target = state == Attribution.HELD ? held
                    : state == Attribution.FREE || state == Attribution.WAITING ? free : unknown;
            target.add(e.getStackTrace(), 1);
        }
    }

    /** {startTicks, ticksPerSecond} of the file's first chunk, or null if it is not a JFR file. */
    static long[] chunkHeader(Path jfr) throws IOException {
        try (InputStream in = Files.newInputStream(jfr); DataInputStream d = new DataInputStream(in)) {
            if (d.readInt() != 0x464C5200) { // "FLR\0"
                return null;
            }
            d.readInt(); // version
            long[] v = new long[7];
            for (int i = 0; i < 7; i++) {
                v[i] = d.readLong(); // size, constant pool, metadata, start nanos, duration, start ticks, ticks/s
            }
            return new long[] {v[5], v[6]};
        } catch (java.io.EOFException e) {
            return null;
        }
    }

    /** A thread's lock state at an instant, from the report's timeline. */
    static final class Attribution {
        static final int HELD = 0;
        static final int FREE = 1;
        static final int UNKNOWN = 2;
        static final int WAITING = 3;

        private final Set<Long> lockUsers = new HashSet<>();
        /** A thread's lane: its intervals' starts, ends and states (absolute nanoTime), and since when it is complete. */
        private record Lane(long[] starts, long[] ends, Timeline.State[] states, long knownFrom) {
        }

        private final Map<Long, Lane> lanes = new HashMap<>();
        private final Map<Long, Long> openHolds;
        /** The whole-run buckets by thread id (absent in a report without them). */
        private final Map<Long, Timeline.BucketLane> bucketLanes = new HashMap<>();
        private long bucketStart;
        private long bucketNanos = 1;
        private long runEnd;
        /** Instants outside the exact window that the buckets placed (their bucket was all one state). */
        long fromBuckets;

        /** The attribution of samples to the states of lock {@code lockIndex} of {@code report}. */
        Attribution(Report report, int lockIndex, int perThreadCapacity, Map<Long, Long> openHolds) {
            this.openHolds = openHolds;
            LockReport lock = lockIndex < report.locks().size() ? report.locks().get(lockIndex) : null;
            if (lock != null) {
                for (ThreadReport t : lock.threads()) {
                    lockUsers.add(t.id());
                }
            }
            Timeline timeline = lock != null && lock.timeline() != null ? lock.timeline()
                    : lockIndex == 0 ? report.timeline() : null;
            if (timeline == null) {
                return;
            }
            if (timeline.buckets() != null) {
                bucketStart = timeline.buckets().startNanos();
                bucketNanos = Math.max(1, timeline.buckets().bucketNanos());
                runEnd = timeline.runStartNanos() + (report.run() == null ? 0 : report.run().durationNanos());
                for (Timeline.BucketLane b : timeline.buckets().lanes()) {
                    bucketLanes.put(b.id(), b);
                }
            }
            for (Timeline.Lane lane : timeline.lanes()) {
                int n = lane.intervals().size();
                long[] starts = new long[n];
                long[] ends = new long[n];
                Timeline.State[] states = new Timeline.State[n];
                for (int i = 0; i < n; i++) {
                    Timeline.Interval iv = lane.intervals().get(i);
                    starts[i] = timeline.runStartNanos() + iv.startNanos();
                    ends[i] = timeline.runStartNanos() + iv.endNanos();
                    states[i] = iv.state();
                }
                // a full lane may have lost older intervals: before its first one nothing is known
                long knownFrom = n >= perThreadCapacity && n > 0 ? starts[0] : Long.MIN_VALUE;
                lanes.put(lane.id(), new Lane(starts, ends, states, knownFrom));
            }
        }

        int state(long threadId, long nanos) {
            Long open = openHolds.get(threadId);
            if (open != null && nanos >= open) {
                return HELD;
            }
            if (!lockUsers.contains(threadId)) {
                return FREE;
            }
            Lane lane = lanes.get(threadId);
            if (lane == null || nanos < lane.knownFrom()) {
                return fromBuckets(threadId, nanos);
            }
            long[] starts = lane.starts();
            // last interval starting at or before nanos (intervals of a thread do not overlap)
            int lo = 0;
            int hi = starts.length - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (starts[mid] <= nanos) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            if (found < 0 || nanos >= lane.ends()[found]) {
                return FREE;
            }
            // a thread in a condition wait neither holds nor asks for the lock: free
            return switch (lane.states()[found]) {
                case HOLD -> HELD;
                case WAIT -> WAITING;
                case CONDITION_WAIT -> FREE;
            };
        }

        /**
         * An instant outside the exact window, placed by the thread's whole-run bucket: the state that fills the
         * bucket (the part of it before the run's end) when one does, free when the bucket is empty (the thread
         * neither held nor waited in it), unknown when it is mixed or there is no bucket.
         */
        private int fromBuckets(long threadId, long nanos) {
            Timeline.BucketLane b = bucketLanes.get(threadId);
            if (b == null || nanos < bucketStart) {
                return UNKNOWN;
            }
            long i = (nanos - bucketStart) / bucketNanos;
            if (i >= b.held().length) {
                return UNKNOWN;
            }
            int k = (int) i;
            long from = bucketStart + i * bucketNanos;
            long full = Math.max(1, Math.min(bucketNanos, runEnd - from));
            long held = b.held()[k];
            long waiting = b.waiting()[k];
            long cwait = b.conditionWait()[k];
            int state;
            if (held == 0 && waiting == 0 && cwait == 0) {
                state = FREE;
            } else if (held >= full && waiting == 0 && cwait == 0) {
                state = HELD;
            } else if (waiting >= full && held == 0 && cwait == 0) {
                state = WAITING;
            } else if (cwait >= full && held == 0 && waiting == 0) {
                state = FREE;
            } else {
                return UNKNOWN;
            }
            fromBuckets++;
            return state;
        }
    }

    /** A frame while samples are merged. */
    private static final class Node {
        final String name;
        long total;
        Map<String, Node> children;

        Node(String name) {
            this.name = name;
        }

        void add(RecordedStackTrace stack, long weight) {
            total += weight;
            if (stack == null) {
                return;
            }
            List<RecordedFrame> frames = stack.getFrames();
            Node n = this;
            for (int i = frames.size() - 1; i >= 0; i--) {
                String frame = name(frames.get(i));
                if (n.children == null) {
                    n.children = new HashMap<>();
                }
                n = n.children.computeIfAbsent(frame, Node::new);
                n.total += weight;
            }
        }

        private static String name(RecordedFrame f) {
            RecordedMethod m = f.getMethod();
            if (m == null) {
                return "[unknown]";
            }
            String type = m.getType() == null ? null : m.getType().getName();
            return type == null || type.isEmpty() ? m.getName() : type + "." + m.getName();
        }

        /** The immutable frame, without callees of fewer than {@code min} samples. Iterative: stacks can be deep. */
        Profile.Frame freeze(long min) {
            // post-order over an explicit stack
            java.util.ArrayDeque<Object[]> todo = new java.util.ArrayDeque<>();
            Map<Node, List<Profile.Frame>> done = new java.util.IdentityHashMap<>();
            todo.push(new Object[] {this, Boolean.FALSE});
            Profile.Frame result = null;
            while (!todo.isEmpty()) {
                Object[] item = todo.pop();
                Node n = (Node) item[0];
                List<Node> kids = n.children == null ? List.of()
                        : n.children.values().stream().filter(c -> c.total >= min)
                        .sorted(Comparator.comparingLong((Node c) -> -c.total).thenComparing(c -> c.name)).toList();
                if (item[1] == Boolean.FALSE) {
                    todo.push(new Object[] {n, Boolean.TRUE});
                    for (Node k : kids) {
                        todo.push(new Object[] {k, Boolean.FALSE});
                    }
                } else {
                    List<Profile.Frame> frames = new ArrayList<>(kids.size());
                    for (Node k : kids) {
                        frames.add(new Profile.Frame(k.name, k.total, done.remove(k)));
                    }
                    if (n == this) {
                        result = new Profile.Frame(name, total, frames);
                    } else {
                        done.put(n, frames);
                    }
                }
            }
            return result;
        }
    }
}
