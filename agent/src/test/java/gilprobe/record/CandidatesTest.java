package gilprobe.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.Test;

import gilprobe.report.model.Candidate;
import gilprobe.report.model.LockReport;
import gilprobe.report.model.Report;

/**
 * find=true's candidates on a {@link Recording} driven by hand: objects grouped by their request site's
 * place or their class, measured by the designated rules, ranked by blocked time; the limits; weak holding.
 */
class CandidatesTest {
    /** A find recording with {@code specs} designated too (monitor kind). */
    private static Recording recording(String... specs) {
        List<Recording.Designation> locks = new ArrayList<>();
        for (String spec : specs) {
            locks.add(new Recording.Designation(spec, "monitor"));
        }
        return new Recording(new Recording.Settings(locks, "find=true", 0, 8, false, true));
    }

    private static int site(String option, String where) {
        return Suggestions.register(option, where);
    }

    /** One hold of {@code lock} by {@code t} from {@code at} to {@code at + held}, after a wait of {@code waited}. */
    private static void hold(LockUse t, LockState lock, long at, long waited, long held) {
        t.request(lock, waited > 0, true, at);
        t.acquired(at + waited);
        t.releaseAt(at + waited + held);
    }

    @Test
    void objectsAreGroupedByTheirSitesPlaceOrElseByClass() {
        Recording r = recording();
        Candidates c = r.designated.candidates;
        int field = site("monitor=a.B.LOCK", "synchronized block a.B.run:1");
        int sameField = site("monitor=a.B.LOCK", "synchronized block a.B.other:9");
        int local = site("", "synchronized block a.B.run:2");
        int self = site("", "synchronized (this) a.C.run:3 (monitor: this a.C)");
        Object gil = new Object();
        LockState s = c.request(gil, field, Candidates.MONITOR);
        assertNotNull(s);
        assertSame(s, c.request(gil, field, Candidates.MONITOR), "the same object, the same state (the site's cache)");
        assertSame(s, c.request(gil, sameField, Candidates.MONITOR), "another site of the same field");
        assertSame(s, c.release(gil, 7), "found at a release site");
        assertSame(s, c.stateOf(gil));
        assertEquals(0, s.designation, "no designated lock: the first group is designation 0");
        Object other = new Object();
        LockState o = c.request(other, field, Candidates.MONITOR);
        assertNotSame(s, o);
        assertEquals(s.designation, o.designation, "a second object read from the field: the same group");
        Object a = new Object();
        Object b = new Object();
        LockState la = c.request(a, local, Candidates.MONITOR);
        LockState lb = c.request(b, local, Candidates.MONITOR);
        assertEquals(la.designation, lb.designation, "two Objects from a local: one group, their class");
        assertTrue(la.designation != s.designation);
        LockState lc = c.request(new StringBuilder(), local, Candidates.MONITOR);
        assertTrue(lc.designation != la.designation, "another class, another group");
        ReentrantLock lock = new ReentrantLock();
        int lockSite = site("", "lock() a.B.run:4");
        LockState l = c.request(lock, lockSite, Candidates.LOCK);
        assertTrue(l.designation != la.designation && l.designation != lc.designation, "a Lock's group is of the lock kind");
        assertNull(c.request(null, field, Candidates.MONITOR));
        assertNull(c.release(new Object(), 7), "a release never makes a candidate");
        assertNull(c.stateOf(new Object()));
        c.request(this, self, Candidates.MONITOR);

        List<Candidates.GroupView> groups = c.groups();
        assertEquals(List.of("monitor=a.B.LOCK", "", "", "", ""), groups.stream().map(Candidates.GroupView::spec).toList());
        assertEquals(List.of("field a.B.LOCK", "java.lang.Object objects", "java.lang.StringBuilder objects",
                "java.util.concurrent.locks.ReentrantLock objects", CandidatesTest.class.getName() + " objects"),
                groups.stream().map(Candidates.GroupView::what).toList());
        assertEquals(List.of(2, 2, 1, 1, 1), groups.stream().map(Candidates.GroupView::objects).toList());
        assertEquals(List.of("monitor", "monitor", "monitor", "lock", "monitor"), groups.stream().map(Candidates.GroupView::kind).toList());
    }

    @Test
    void aClassLiteralIsTheClassObjectAndASpecAnOptionCannotTakeIsEmpty() {
        Recording r = recording();
        Candidates c = r.designated.candidates;
        c.request(String.class, site("monitor=java.lang.String", "synchronized block a.B.run:1"), Candidates.MONITOR);
        c.request(new Object(), site("monitor=a.B$$Lambda.0x01.f", "synchronized block a.B$$Lambda.run:1"), Candidates.MONITOR);
        c.request(Integer.class, site("", "synchronized block a.B.run:2"), Candidates.MONITOR);
        List<Candidates.GroupView> groups = c.groups();
        assertEquals(List.of("monitor=java.lang.String", "", ""), groups.stream().map(Candidates.GroupView::spec).toList());
        assertEquals(List.of("Class object java.lang.String", "field a.B$$Lambda.0x01.f", "Class object java.lang.Integer"),
                groups.stream().map(Candidates.GroupView::what).toList());
        assertTrue(Candidates.designates("a.B$C.f_1"));
        assertFalse(Candidates.designates("a..B"));
        assertFalse(Candidates.designates("a.B."));
        assertFalse(Candidates.designates("a.0x1"));
    }

    @Test
    void designatedLocksComeFirstAndCandidatesTakeTheIndexesAfterThem() {
        Recording r = recording("monitor=x.Y.a", "monitor=x.Y.b");
        LockState s = r.designated.candidates.request(new Object(), site("monitor=a.B.C", "w"), Candidates.MONITOR);
        assertEquals(2, s.designation);
        LockUse u = r.register(new Thread("t"), false).use(s.designation);
        assertTrue(u.candidate());
        assertFalse(r.register(new Thread("d"), false).use(0).candidate());
    }

    /**
     * A contended GIL, a busy lock nobody else wants, and a designated lock: the designated one keeps its
     * locks[] entry, the candidates are ranked by blocked time (wait + condition wait), with exact counts.
     */
    @Test
    void candidatesAreMeasuredByTheDesignatedRulesAndRankedByBlockedTime() {
        Recording r = recording("monitor=x.Y.designated");
        Candidates c = r.designated.candidates;
        int gilSite = site("monitor=a.Interp.GIL", "synchronized block a.Interp.run:10");
        int busySite = site("lock=a.Cache.lock", "lock() a.Cache.get:20");
        LockState gil = c.request(new Object(), gilSite, Candidates.MONITOR);
        LockState busy = c.request(new ReentrantLock(), busySite, Candidates.LOCK);
        ThreadState ta = r.register(new Thread("a"), false);
        ThreadState tb = r.register(new Thread("b"), false);
        LockUse a = ta.use(gil.designation);
        LockUse b = tb.use(gil.designation);
        long t0 = r.startNanos();
        hold(a, gil, t0 + 100, 0, 1000);              // a: uncontended, held 1000 (to 1100)
        b.request(gil, false, true, t0 + 1150);
        b.acquired(t0 + 1160);                        // b: found it free: wait 0
        a.request(gil, true, true, t0 + 1200);        // a asks while b holds
        assertTrue(b.conditionWaitBegin(t0 + 1300));  // b waits on it: its hold (140) ends, a gets it
        a.acquired(t0 + 1400);                        // a waited 200
        a.releaseAt(t0 + 1600);                       // held 200
        b.conditionWaitEnd(t0 + 1800);                // b was in wait() 500, holds again
        b.releaseAt(t0 + 1900);                       // held 100
        LockUse busyA = ta.use(busy.designation);
        for (int i = 0; i < 10; i++) {
            busyA.countSite(busySite);
            hold(busyA, busy, t0 + 2000 + i * 1000, 0, 900); // held 9000 in all, never waited for
        }
        a.countSite(gilSite);
        b.countSite(gilSite);
        LockUse designated = ta.use(0);
        hold(designated, new LockState(new Object(), 0), t0 + 20000, 0, 10);

        Report report = r.snapshot();
        assertEquals(List.of("monitor=x.Y.designated"), report.locks().stream().map(LockReport::spec).toList());
        assertEquals(1, report.locks().get(0).acquisitions());
        List<Candidate> found = report.candidates();
        assertEquals(List.of("monitor=a.Interp.GIL", "lock=a.Cache.lock"), found.stream().map(Candidate::spec).toList(),
                "the contended one first, though the busy one was held longer");
        Candidate g = found.get(0);
        assertEquals(4, g.acquisitions(), "a, b, a, and b's return from wait()");
        assertEquals(1, g.contendedAcquisitions());
        assertEquals(1000 + 140 + 200 + 100, g.heldNanos());
        assertEquals(200, g.waitNanos());
        assertEquals(500, g.conditionWaitNanos());
        assertEquals(700, g.blockedNanos());
        assertEquals(2, g.threads());
        assertEquals(2, g.blockedThreads());
        assertEquals(1, g.instances());
        assertEquals("monitor", g.kind());
        assertEquals("field a.Interp.GIL (1 object)", g.name());
        assertEquals("synchronized block a.Interp.run:10", g.site());
        Candidate k = found.get(1);
        assertEquals(10, k.acquisitions());
        assertEquals(9000, k.heldNanos());
        assertEquals(0, k.blockedNanos());
        assertEquals(1, k.threads());
        assertEquals(0, k.blockedThreads());
        assertEquals("lock", k.kind());
        assertEquals((double) 9000 / report.run().durationNanos(), k.utilization(), 1e-15);
        assertEquals(List.of(), report.notes(), "nothing was left out");
    }

    @Test
    void aGroupOfObjectsIsNamedWithItsBusiestSite() {
        Recording r = recording();
        Candidates c = r.designated.candidates;
        int first = site("", "synchronized method a.B.size:3 (monitor: this a.B)");
        int busiest = site("", "synchronized method a.B.add:7 (monitor: this a.B)");
        Object o = new Object();
        LockState s = c.request(o, first, Candidates.MONITOR);
        c.request(o, busiest, Candidates.MONITOR);
        LockUse u = r.register(new Thread("t"), false).use(s.designation);
        u.countSite(first);
        for (int i = 0; i < 3; i++) {
            u.countSite(busiest);
            hold(u, s, r.startNanos() + i * 100, 0, 10);
        }
        Candidate k = r.snapshot().candidates().get(0);
        assertEquals("", k.spec());
        assertEquals("java.lang.Object objects (1 object), most requested at synchronized method a.B.add:7", k.name());
        assertEquals("synchronized method a.B.add:7 (monitor: this a.B)", k.site());
    }

    @Test
    void groupsBeyondTheLimitAreLeftOutAndCounted() {
        Recording r = recording();
        Candidates c = r.designated.candidates;
        List<Object> keep = new ArrayList<>();
        for (int i = 0; i < Candidates.MAX_GROUPS; i++) {
            Object o = new Object();
            keep.add(o);
            assertNotNull(c.request(o, site("monitor=a.B.f" + i, "w"), Candidates.MONITOR));
        }
        int beyond = site("monitor=a.B.beyond", "w");
        Object o = new Object();
        assertNull(c.request(o, beyond, Candidates.MONITOR));
        assertNull(c.request(o, beyond, Candidates.MONITOR));
        assertNull(c.request(new Object(), site("", "w"), Candidates.MONITOR), "a class of objects is a group too");
        assertEquals(Candidates.MAX_GROUPS, c.groups().size());
        assertEquals(List.of("find: 3 requests on locks beyond the first 64 candidate groups (fields, classes, classes of"
                + " objects) were not measured"), c.leftOutNotes());
        assertNotNull(c.request(new Object(), site("monitor=a.B.f0", "w"), Candidates.MONITOR), "a known group takes more objects");
        assertTrue(r.snapshot().notes().contains(c.leftOutNotes().get(0)));
    }

    @Test
    void objectsBeyondTheLimitsAreLeftOutAndCountedAndCollectedOnesFreeTheirPlace() throws Exception {
        Recording r = recording();
        Candidates c = r.designated.candidates;
        int[] sites = new int[5];
        for (int i = 0; i < sites.length; i++) {
            sites[i] = site("monitor=a.B.f" + i, "w");
        }
        List<Object> keep = new ArrayList<>();
        // one group takes at most MAX_PER_GROUP objects at once
        for (int i = 0; i < Candidates.MAX_PER_GROUP; i++) {
            Object o = new Object();
            keep.add(o);
            assertNotNull(c.request(o, sites[0], Candidates.MONITOR));
        }
        for (int i = 0; i < 7; i++) {
            assertNull(c.request(new Object(), sites[0], Candidates.MONITOR));
        }
        assertEquals(List.of("find: 7 requests on lock objects beyond the 1024 one candidate group tracks at once were not"
                + " measured (objects the program dropped free their place)"), c.leftOutNotes());
        // and all of them MAX_OBJECTS at once: here, four full groups
        for (int g = 1; g < 4; g++) {
            for (int i = 0; i < Candidates.MAX_PER_GROUP; i++) {
                Object o = new Object();
                keep.add(o);
                assertNotNull(c.request(o, sites[g], Candidates.MONITOR));
            }
        }
        for (int i = 0; i < 10; i++) {
            assertNull(c.request(new Object(), sites[4], Candidates.MONITOR));
        }
        for (Object o : keep) {
            assertNotNull(c.stateOf(o), "every tracked object is still found");
        }
        assertEquals(Candidates.MAX_OBJECTS, c.tracked()[0]);
        assertEquals(List.of(1024, 1024, 1024, 1024), c.groups().stream().map(Candidates.GroupView::objects).toList());
        assertEquals("find: 10 requests on lock objects beyond the 4096 tracked at once were not measured"
                + " (objects the program dropped free their place)", c.leftOutNotes().get(0));
        // the program drops the first group's objects: once collected, their places are free again
        keep.subList(0, Candidates.MAX_PER_GROUP).clear();
        int more = site("", "w");
        for (int i = 0; i < Candidates.MAX_PER_GROUP; i++) {
            Object o = new Object[0];
            keep.add(o);
            LockState got = c.request(o, more, Candidates.MONITOR);
            for (int tries = 0; got == null && tries < 200; tries++) {
                System.gc(); // the collected objects' references may not all be queued yet
                Thread.sleep(20);
                got = c.request(o, more, Candidates.MONITOR);
            }
            assertNotNull(got, "object " + i);
        }
        for (Object o : keep) {
            assertNotNull(c.stateOf(o), "the live objects are still found after the rebuilds");
        }
        assertEquals(Candidates.MAX_OBJECTS, c.tracked()[0]);
        assertEquals(Candidates.MAX_OBJECTS, c.tracked()[1], "never more than the limit at once");
        assertNotNull(c.request(keep.get(0), sites[1], Candidates.MONITOR), "a tracked object is found whatever the limits");
    }

    @Test
    void aConditionBelongsToItsCandidateLock() {
        Recording r = recording();
        Candidates c = r.designated.candidates;
        ReentrantLock lock = new ReentrantLock();
        var condition = lock.newCondition();
        LockState s = c.request(lock, site("lock=a.B.lock", "newCondition() a.B.<init>:3"), Candidates.LOCK);
        c.addCondition(condition, s);
        assertSame(s, c.conditionOwner(condition));
        assertNull(c.conditionOwner(lock), "a lock is no condition");
        assertNull(c.stateOf(condition), "a condition is no lock");
        assertNull(c.request(condition, site("", "w"), Candidates.MONITOR), "synchronized on a condition: not its lock");
    }
}
