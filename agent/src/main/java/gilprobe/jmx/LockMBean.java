package gilprobe.jmx;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.ReflectionException;

import org.HdrHistogram.Histogram;

import gilprobe.record.Recording;

/**
 * One designated lock as a platform MBean {@code gilprobe:type=Lock,name=<spec, quoted>}: read-only
 * attributes, all since the recording started (docs/live-metrics.md). A {@link DynamicMBean}, so that JMX
 * introspects no interface (the class may be in the bootstrap or the system class loader, see
 * {@link LiveMetrics}).
 *
 * <p>Every read sums the threads' counters racily ({@link Recording#live}): reading never stops a thread and
 * never takes a lock the probes use. {@code getAttributes} (one JMX round trip, what consoles and the
 * Prometheus exporter use) computes its values from one sum, so they agree with each other. The two
 * percentiles need copies of every thread's histograms: they are computed at most once per
 * {@link #PERCENTILES_MAX_AGE_NANOS} and are that old at most.
 */
public final class LockMBean implements DynamicMBean {
    /** How long the hold and wait 99th percentiles are reused before the histograms are copied again. */
    public static final long PERCENTILES_MAX_AGE_NANOS = 1_000_000_000L;

    /** The attributes: name, type, description. The names are a public contract (DESIGN.md). */
    static final String[][] ATTRIBUTES = {
        {"Acquisitions", "long", "outermost successful acquires since the start"},
        {"ContendedAcquisitions", "long", "acquisitions whose request found the lock held by another thread, or was overtaken"},
        {"HeldNanos", "long", "total hold time of completed holds, nanoseconds"},
        {"WaitNanos", "long", "total wait time of completed waits (request to acquisition), nanoseconds"},
        {"ConditionWaitNanos", "long", "total time inside wait()/await() on the lock, nanoseconds"},
        {"Utilization", "double", "HeldNanos / ElapsedNanos: the share of the time the lock was held"},
        {"WaitShare", "double", "the verdict's wait share with every thread's span the time since the start: wait / (work + wait) of the threads that used the lock"},
        {"HoldP99Nanos", "long", "99th percentile of hold times, nanoseconds (recomputed at most once a second)"},
        {"WaitP99Nanos", "long", "99th percentile of wait times, nanoseconds (recomputed at most once a second)"},
        {"Handoffs", "long", "acquisitions whose previous holder was another thread"},
        {"UnfairSelfReacquires", "long", "acquisitions by the thread that released it last while others waited"},
        {"SelfReacquires", "long", "acquisitions by the thread that released it last"},
        {"ElapsedNanos", "long", "time since the recording started, nanoseconds (the denominator of Utilization)"},
        {"Spec", "java.lang.String", "the option that designates the lock, as the report writes it"},
        {"Kind", "java.lang.String", "monitor, lock or methods"},
    };

    private final Recording recording;
    private final int lock;
    private final String spec;
    private final String kind;
    private final MBeanInfo info;

    // the percentile cache: written under this object's monitor, read without it
    private volatile long percentilesAt;
    private volatile boolean percentilesKnown;
    private volatile long holdP99;
    private volatile long waitP99;

    public LockMBean(Recording recording, int lock, String spec, String kind) {
        this.recording = recording;
        this.lock = lock;
        this.spec = spec;
        this.kind = kind;
        MBeanAttributeInfo[] attributes = new MBeanAttributeInfo[ATTRIBUTES.length];
        for (int i = 0; i < ATTRIBUTES.length; i++) {
            attributes[i] = new MBeanAttributeInfo(ATTRIBUTES[i][0], ATTRIBUTES[i][1], ATTRIBUTES[i][2], true, false,
                    false);
        }
        this.info = new MBeanInfo(LockMBean.class.getName(), "gilprobe: a designated lock " + spec
                + ", live since the agent started", attributes, null, new MBeanOperationInfo[0], null);
    }

    /** One consistent set of values, as {@code getAttributes} returns them. */
    public record Values(Recording.LiveTotals totals, long holdP99, long waitP99) {
    }

    /** The values now; the percentiles (cached) only when {@code percentiles}. */
    public Values read(boolean percentiles) {
        return read(percentiles, System.nanoTime());
    }

    /**
     * {@link #read(boolean)} with {@code now} the clock reading that decides whether the cached percentiles
     * are still fresh (tests drive it with known readings).
     */
    public Values read(boolean percentiles, long now) {
        if (!percentiles) {
            return new Values(recording.live(lock, false, 0), -1, -1);
        }
        synchronized (this) {
            if (percentilesKnown && now - percentilesAt < PERCENTILES_MAX_AGE_NANOS) {
                return new Values(recording.live(lock, false, 0), holdP99, waitP99);
            }
            Recording.LiveTotals t = recording.live(lock, true, 0);
            holdP99 = p99(t.holds());
            waitP99 = p99(t.waits());
            percentilesAt = now;
            percentilesKnown = true;
            return new Values(t, holdP99, waitP99);
        }
    }

    private static long p99(Histogram h) {
        return h == null || h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99.0);
    }

    @Override
    public Object getAttribute(String name) throws AttributeNotFoundException {
        int i = index(name);
        if (i < 0) {
            throw new AttributeNotFoundException("gilprobe: no attribute " + name);
        }
        return value(name, read(name.endsWith("P99Nanos")));
    }

    @Override
    public AttributeList getAttributes(String[] names) {
        boolean percentiles = false;
        for (String n : names) {
            percentiles |= n != null && n.endsWith("P99Nanos");
        }
        Values v = read(percentiles);
        AttributeList out = new AttributeList();
        for (String n : names) {
            if (index(n) >= 0) {
                out.add(new Attribute(n, value(n, v)));
            }
        }
        return out;
    }

    private static int index(String name) {
        for (int i = 0; i < ATTRIBUTES.length; i++) {
            if (ATTRIBUTES[i][0].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private Object value(String name, Values v) {
        Recording.LiveTotals t = v.totals();
        if (t == null) {
            t = new Recording.LiveTotals(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, null);
        }
        switch (name) {
            case "Acquisitions": return t.acquisitions();
            case "ContendedAcquisitions": return t.contendedAcquisitions();
            case "HeldNanos": return t.heldNanos();
            case "WaitNanos": return t.waitNanos();
            case "ConditionWaitNanos": return t.conditionWaitNanos();
            case "Utilization": return (double) t.heldNanos() / t.elapsedNanos();
            case "WaitShare": return t.waitShare();
            case "HoldP99Nanos": return v.holdP99();
            case "WaitP99Nanos": return v.waitP99();
            case "Handoffs": return t.handoffs();
            case "UnfairSelfReacquires": return t.unfairSelfReacquires();
            case "SelfReacquires": return t.selfReacquires();
            case "ElapsedNanos": return t.elapsedNanos();
            case "Spec": return spec;
            case "Kind": return kind;
            default: return null;
        }
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("gilprobe: the attributes are read-only");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList(); // read-only: none was set
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) throws ReflectionException {
        throw new ReflectionException(new NoSuchMethodException(actionName), "gilprobe: the MBean has no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return info;
    }
}
