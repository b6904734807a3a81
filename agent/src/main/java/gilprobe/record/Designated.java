package gilprobe.record;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The objects that are the designated lock, and their {@link LockState}s, for one {@link Recording}.
 *
 * <p>Usually one object is designated (a static field, a {@code Class}, a single interpreter's lock);
 * an instance field designates every object stored in it, up to {@link #MAX_INSTANCES}. The hot path,
 * {@link #stateOf}, costs one identity comparison for the first object and one null check beyond it;
 * registration is rare and locked. The probes reach the designation of the recording in progress through
 * {@link Recording#designated()}; a new recording starts with a new, empty one.
 */
public final class Designated {
    /** More distinct objects than this in a designated instance field are not tracked (and are counted). */
    public static final int MAX_INSTANCES = 1024;

    private volatile LockState first;
    private volatile Map<Object, LockState> others;
    private volatile Map<Object, LockState> conditions;
    private int instances;
    private long ignoredInstances;
    /** methods[designation]: the lock of each methods-kind designation (null for the other kinds). */
    private final LockState[] methods;
    /** The recording these designations belong to: its settings and notes, for the warning below. */
    private final Recording recording;
    /**
     * With {@code find=true}: every other monitor and {@code Lock}, made a candidate on first sight (their
     * designation indexes follow the designated locks'); null when find is off. The find probes ask
     * {@link #stateOf} first, so a designated object is always measured as its designation.
     */
    public final Candidates candidates;

    Designated(Recording recording) {
        this.recording = recording;
        int n = recording.settings().locks().size();
        this.candidates = recording.settings().find() ? new Candidates(n) : null;
        methods = new LockState[n];
        for (int i = 0; i < n; i++) {
            methods[i] = new LockState("methods", i);
        }
    }

    /**
     * The lock of methods-kind designation {@code designation} ({@code acquire=}/{@code release=}): one lock
     * for all receivers.
     */
    public LockState methods(int designation) {
        return methods[designation];
    }

    /** The state of {@code o} if it is (one of) the designated lock object(s), else null. */
    public LockState stateOf(Object o) {
        LockState f = first;
        if (f != null && f.lockObject == o) {
            return f;
        }
        Map<Object, LockState> m = others;
        return m == null || o == null ? null : m.get(o);
    }

    /**
     * Makes {@code o} an object of designated lock {@code designation}; a no-op for null or an object
     * already designated (an object belongs to the first designation that saw it).
     */
    public void designate(Object o, int designation) {
        if (o == null || stateOf(o) != null) {
            return;
        }
        synchronized (this) {
            if (stateOf(o) != null) {
                return;
            }
            if (instances >= MAX_INSTANCES) {
                ignoredInstances++;
                return;
            }
            LockState state = new LockState(o, designation);
            instances++;
            warnIfNotALock(o, designation);
            if (first == null) {
                first = state;
            } else {
                Map<Object, LockState> copy = others == null ? new IdentityHashMap<>() : new IdentityHashMap<>(others);
                copy.put(o, state);
                others = copy;
            }
        }
    }

    /** Bit i: designation i was already reported as wrong (at most 8 designations, so an int holds them). */
    private final java.util.concurrent.atomic.AtomicInteger warnedNotALock = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * Designation {@code designation} of the recording in progress was already reported as wrong (when its
     * class was loaded): say it once only. The other designations keep their own warnings.
     */
    public static void designationWarned(int designation) {
        Recording.designated().markWarned(designation);
    }

    /** Marks designation {@code d} as warned; true if it was not yet. */
    private boolean markWarned(int d) {
        int bit = 1 << (d & 31);
        int old;
        do {
            old = warnedNotALock.get();
            if ((old & bit) != 0) {
                return false;
            }
        } while (!warnedNotALock.compareAndSet(old, old | bit));
        return true;
    }

    /**
     * A {@code lock=} designation whose field holds something that is not a {@code Lock} (an object the
     * program only {@code synchronized} on, say) can never be measured: said once, on stderr and in the
     * report. Runs on the registration path only (once per object), never on the probes' hot path.
     */
    private void warnIfNotALock(Object o, int designation) {
        Recording.Designation s = recording.settings().locks().get(designation);
        if (!"lock".equals(s.kind()) || o instanceof java.util.concurrent.locks.Lock || !markWarned(designation)) {
            return;
        }
        String line = "gilprobe: warning: " + s.spec() + " holds a " + o.getClass().getName()
                + ", which is not a java.util.concurrent.locks.Lock: nothing will be measured"
                + (o instanceof java.util.concurrent.locks.ReadWriteLock
                        ? " (designate a field that holds its readLock() or writeLock())"
                        : " (for synchronized blocks on it, use monitor=" + s.spec().substring("lock=".length()) + ")");
        System.err.println(line);
        recording.addNote(line);
    }

    /** Registers a {@code Condition} created by a designated {@code Lock}: awaiting it ends the hold. */
    public void designateCondition(Object condition, LockState lock) {
        if (condition == null) {
            return;
        }
        synchronized (this) {
            Map<Object, LockState> copy = conditions == null ? new IdentityHashMap<>() : new IdentityHashMap<>(conditions);
            copy.put(condition, lock);
            conditions = copy;
        }
    }

    /** The lock a designated condition belongs to, else null. */
    public LockState conditionOwner(Object condition) {
        Map<Object, LockState> m = conditions;
        return m == null || condition == null ? null : m.get(condition);
    }

    public synchronized int instances() {
        return instances;
    }

    public synchronized long ignoredInstances() {
        return ignoredInstances;
    }
}
