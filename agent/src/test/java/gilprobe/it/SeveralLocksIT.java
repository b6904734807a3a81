package gilprobe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import gilprobe.report.model.LockReport;

/** Several locks designated at once: each its own entry of locks[], in the order given, with exact counts. */
class SeveralLocksIT {
    private static final String P = "gilprobe.it.programs.SeveralLocks";
    static final String MONITOR = "monitor=" + P + ".MONITOR";
    static final String PLAIN = "lock=" + P + ".PLAIN";
    static final String GIL = "acquire=" + P + "$Gil#take,release=" + P + "$Gil#drop";

    @Test
    void aMonitorALockAndAMethodsLockTogether() throws Exception {
        var r = ChildJvm.withAgent(PLAIN + "," + GIL + "," + MONITOR).run(P, "3", "5000");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("monitor=15000 plain=15000 sub=15000 own=15000 gil=15000\n", r.stdout());
        List<LockReport> locks = r.report().locks();
        assertEquals(List.of(PLAIN, GIL, MONITOR), locks.stream().map(LockReport::spec).toList(), "in the order given");
        assertEquals(List.of("lock", "methods", "monitor"), locks.stream().map(LockReport::kind).toList());
        for (LockReport lock : locks) {
            assertEquals(15000, lock.acquisitions(), lock.spec());
            LockCountsIT.assertConsistent(lock);
            assertEquals(3, lock.threads().stream().filter(t -> t.acquisitions() > 0).count(), lock.spec());
            assertTrue(lock.heldNanos() > 0, lock.spec());
        }
        // PLAIN is only ever taken inside MONITOR: it is never contended, and it is held within the monitor's holds
        LockReport plain = locks.get(0);
        LockReport monitor = locks.get(2);
        assertEquals(0, plain.contendedAcquisitions());
        assertEquals(0, plain.waitNanos());
        assertTrue(plain.heldNanos() < monitor.heldNanos(), plain.heldNanos() + " < " + monitor.heldNanos());
    }
}
