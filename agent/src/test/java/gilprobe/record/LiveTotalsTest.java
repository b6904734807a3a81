package gilprobe.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.management.Attribute;
import javax.management.AttributeNotFoundException;
import javax.management.MBeanAttributeInfo;

import org.junit.jupiter.api.Test;

import gilprobe.jmx.LiveMetrics;
import gilprobe.jmx.LockMBean;
import gilprobe.report.model.LockReport;
import gilprobe.report.verdict.Verdict;
import gilprobe.report.verdict.VerdictInput;
import gilprobe.report.verdict.Verdicts;

/**
 * The live MBean's values ({@link LockMBean}, {@link Recording#live}) against a {@link Recording} driven by
 * hand with known clock readings, as in {@link RecordingTest}: every attribute is checked against the
 * script, and against the report's snapshot of the same events.
 */
class LiveTotalsTest {
    private static final String SPEC = "monitor=x.Y.lock";

    private static LockUse thread(Recording r, String name) {
        return r.register(new Thread(name), false).use(0);
    }

    /**
     * RecordingTest's battle (a holds 190, 90, 100; b waits 250 then holds 200; one unfair self re-acquire,
     * two handoffs) and a third thread c that holds 50, then waits on the condition for 1,000 and holds 30
     * more after it.
     */
    private static Recording battle() {
        Recording r = new Recording(RecordingTest.settings(0, SPEC));
        LockState lock = new LockState(new Object());
        LockUse a = thread(r, "a");
        LockUse b = thread(r, "b");
        long t0 = r.startNanos();
        a.request(lock, false, true, t0 + 100);
        a.acquired(t0 + 110);
        b.request(lock, true, true, t0 + 200);
        a.releaseAt(t0 + 300);
        a.request(lock, false, false, 0);
        a.acquired(t0 + 310);
        a.releaseAt(t0 + 400);
        b.acquired(t0 + 450);
        b.releaseAt(t0 + 650);
        a.request(lock, false, false, 0);
        a.acquired(t0 + 700);
        a.releaseAt(t0 + 800);
        LockUse c = thread(r, "c");
        c.request(lock, false, true, t0 + 900);
        c.acquired(t0 + 900);                      // handoff a -> c, wait 0
        assertTrue(c.conditionWaitBegin(t0 + 950));  // held 50
        c.conditionWaitEnd(t0 + 1_950);            // 1,000 in wait(); a new hold (self re-acquire)
        c.releaseAt(t0 + 1_980);                   // held 30
        return r;
    }

    private static Map<String, Object> attributes(LockMBean bean) {
        String[] names = new String[bean.getMBeanInfo().getAttributes().length];
        for (int i = 0; i < names.length; i++) {
            names[i] = bean.getMBeanInfo().getAttributes()[i].getName();
        }
        Map<String, Object> out = new HashMap<>();
        for (Object o : bean.getAttributes(names)) {
            Attribute a = (Attribute) o;
            out.put(a.getName(), a.getValue());
        }
        assertEquals(names.length, out.size(), "every attribute is read");
        return out;
    }

    @Test
    void liveTotalsAtAKnownClockReadingAreTheScriptsNumbers() {
        Recording r = battle();
        long t0 = r.startNanos();
        Recording.LiveTotals t = r.live(0, true, t0 + 4_000);
        assertEquals(4_000, t.elapsedNanos());
        assertEquals(6, t.acquisitions(), "a three times, b once, c twice (the return from wait() is one)");
        assertEquals(1, t.contendedAcquisitions());
        assertEquals(190 + 90 + 100 + 200 + 50 + 30, t.heldNanos());
        assertEquals(250, t.waitNanos());
        assertEquals(1_000, t.conditionWaitNanos());
        assertEquals(3, t.handoffs(), "a -> b, b -> a, a -> c");
        assertEquals(2, t.selfReacquires(), "a's second acquisition and c's return from wait()");
        assertEquals(1, t.unfairSelfReacquires());
        // the verdict's wait share with every user's span the 4,000 ns since the start and no ticks: each
        // user's demand (work + wait) is its span less its condition wait, so Σ W / Σ (S - C)
        assertEquals(250.0 / (4_000 + 4_000 + (4_000 - 1_000)), t.waitShare(), 1e-15);
        assertEquals(6, t.holds().getTotalCount());
        assertEquals(5, t.waits().getTotalCount(), "no wait sample for the return from wait()");
        assertNull(r.live(1, false, 0), "no second designated lock");
    }

    /**
     * The wait share with dispatch ticks (the work without the lock estimated from them): the script's
     * numbers, and the verdict's own computation ({@link Verdicts}) on the same numbers with run spans.
     */
    @Test
    void theWaitShareIsTheVerdictsWithRunSpansTicksIncluded() {
        Recording r = new Recording(RecordingTest.settings(0, SPEC));
        LockState lock = new LockState(new Object());
        ThreadState ta = r.register(new Thread("a"), false);
        ThreadState tb = r.register(new Thread("b"), false);
        LockUse a = ta.use(0);
        LockUse b = tb.use(0);
        LoopCounter loop = Loops.counterFor(ta, 0);
        long t0 = r.startNanos();
        loop.ticks += 50;                          // a: 50 ticks without the lock
        a.request(lock, false, true, t0 + 100);
        a.acquired(t0 + 100);
        loop.ticks += 200;                         // 200 under it
        b.request(lock, true, true, t0 + 150);
        a.releaseAt(t0 + 500);                     // a held 400
        b.acquired(t0 + 520);                      // b waited 370
        b.releaseAt(t0 + 600);                     // b held 80 (no ticks)
        loop.ticks += 100;                         // a: 100 more without it
        long span = 10_000;
        Recording.LiveTotals t = r.live(0, false, t0 + span);
        // a: work = 400 + min(10,000 - 400, 150 x 400 / 200 = 300), no wait: demand 700
        // b: no ticks, so all its time outside the lock is work: demand = its span less nothing = 10,000
        assertEquals(370.0 / (700 + 10_000), t.waitShare(), 1e-15);
        Verdict v = Verdicts.of(new VerdictInput(SPEC, true, false, span, 2, 1, 2, 1, 480, 1, 0, 0, List.of(
                new VerdictInput.ThreadInput(1, "a", 1, 0, 400, 0, 0, span, VerdictInput.SpanSource.RUN, 200, 150, 1, 400,
                        1, 0),
                new VerdictInput.ThreadInput(2, "b", 1, 1, 80, 370, 0, span, VerdictInput.SpanSource.RUN, 0, 0, 1, 80, 1,
                        370))));
        assertEquals(v.waitShare(), t.waitShare(), 1e-15);
        assertEquals(2, t.acquisitions());
        assertEquals(1, t.handoffs());
    }

    @Test
    void theMBeansAttributesAreTheReportsNumbers() throws Exception {
        Recording r = battle();
        LockMBean bean = new LockMBean(r, 0, SPEC, "monitor");
        Map<String, Object> v = attributes(bean);
        LockReport l = r.snapshot().locks().get(0);
        assertEquals(l.acquisitions(), v.get("Acquisitions"));
        assertEquals(6L, v.get("Acquisitions"));
        assertEquals(l.contendedAcquisitions(), v.get("ContendedAcquisitions"));
        assertEquals(l.heldNanos(), v.get("HeldNanos"));
        assertEquals(660L, v.get("HeldNanos"));
        assertEquals(l.waitNanos(), v.get("WaitNanos"));
        assertEquals(l.conditionWaitNanos(), v.get("ConditionWaitNanos"));
        assertEquals(l.handoffs().toOtherThread(), v.get("Handoffs"));
        assertEquals(l.handoffs().selfReacquire(), v.get("SelfReacquires"));
        assertEquals(l.handoffs().unfairSelfReacquire(), v.get("UnfairSelfReacquires"));
        assertEquals(1L, v.get("UnfairSelfReacquires"));
        // the percentiles: those of the report's merged histograms, and within HdrHistogram's 1% of the script's
        assertEquals(l.holdTimes().p99(), v.get("HoldP99Nanos"));
        assertEquals(l.waitTimes().p99(), v.get("WaitP99Nanos"));
        assertEquals(200, (long) v.get("HoldP99Nanos"), 200 * 0.01, "holds 30..200: p99 is the longest");
        assertEquals(250, (long) v.get("WaitP99Nanos"), 250 * 0.01, "waits 0, 0, 0, 0, 250");
        long elapsed = (long) v.get("ElapsedNanos");
        assertTrue(elapsed >= 1_980, "read after the last event: " + elapsed);
        assertEquals(660.0 / elapsed, (double) v.get("Utilization"), 1e-15);
        assertEquals(250.0 / (3.0 * elapsed - 1_000), (double) v.get("WaitShare"), 1e-15);
        assertEquals(SPEC, v.get("Spec"));
        assertEquals("monitor", v.get("Kind"));
        assertEquals(6L, bean.getAttribute("Acquisitions"), "one attribute alone");
        assertEquals(l.holdTimes().p99(), bean.getAttribute("HoldP99Nanos"));
    }

    @Test
    void theAttributesAreTheContractsReadOnlyAndTheNameIsTheQuotedSpec() throws Exception {
        LockMBean bean = new LockMBean(battle(), 0, SPEC, "monitor");
        List<String> names = new java.util.ArrayList<>();
        for (MBeanAttributeInfo a : bean.getMBeanInfo().getAttributes()) {
            names.add(a.getName());
            assertTrue(a.isReadable() && !a.isWritable(), a.getName());
        }
        assertTrue(names.containsAll(List.of("Acquisitions", "ContendedAcquisitions", "HeldNanos", "WaitNanos",
                "ConditionWaitNanos", "Utilization", "WaitShare", "HoldP99Nanos", "WaitP99Nanos", "Handoffs",
                "UnfairSelfReacquires")), names.toString());
        assertThrows(AttributeNotFoundException.class, () -> bean.setAttribute(new Attribute("Acquisitions", 0L)));
        assertThrows(AttributeNotFoundException.class, () -> bean.getAttribute("Nope"));
        assertEquals("gilprobe:type=Lock,name=\"monitor=x.Y.lock\"", LiveMetrics.name(SPEC).toString());
        assertEquals("acquire=a.B#take,release=a.B#drop",
                javax.management.ObjectName.unquote(LiveMetrics.name("acquire=a.B#take,release=a.B#drop").getKeyProperty("name")));
    }

    /** Counts are read fresh every time; the percentiles' histogram copies are reused for up to a second. */
    @Test
    void percentilesAreRecomputedAtMostOnceASecondCountsEveryRead() {
        Recording r = battle();
        LockMBean bean = new LockMBean(r, 0, SPEC, "monitor");
        long now = 1_000_000_000_000L;
        LockMBean.Values first = bean.read(true, now);
        assertEquals(200, first.holdP99(), 2);
        LockState lock = new LockState(new Object());
        LockUse d = thread(r, "d");
        long t0 = r.startNanos();
        d.request(lock, false, true, t0 + 3_000);
        d.acquired(t0 + 3_000);
        d.releaseAt(t0 + 13_000);                   // a hold of 10,000: the new p99
        LockMBean.Values soon = bean.read(true, now + LockMBean.PERCENTILES_MAX_AGE_NANOS - 1);
        assertEquals(7, soon.totals().acquisitions(), "counts are fresh");
        assertEquals(first.holdP99(), soon.holdP99(), "the percentile is the cached one");
        LockMBean.Values later = bean.read(true, now + LockMBean.PERCENTILES_MAX_AGE_NANOS);
        assertEquals(10_000, later.holdP99(), 100);
    }
}
