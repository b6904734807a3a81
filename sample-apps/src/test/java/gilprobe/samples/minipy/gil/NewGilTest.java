package gilprobe.samples.minipy.gil;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(20)
class NewGilTest {
    private static final long INTERVAL = 5_000_000;

    @Test
    void waiterRequestsADropAfterTheIntervalAndTheReleaserWaitsForTheSwitch() throws InterruptedException {
        NewGil gil = new NewGil(INTERVAL);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        gil.setObserver(new GilObserver() {
            @Override
            public void acquired(Thread thread) {
                events.add("acquired " + thread.getName());
            }

            @Override
            public void releasing(Thread thread) {
                events.add("releasing " + thread.getName());
            }
        });
        gil.acquire();
        long start = System.nanoTime();
        Thread waiter = new Thread(() -> {
            gil.acquire();
            gil.release();
        }, "waiter");
        waiter.start();
        while (!gil.dropRequested()) {
            assertTrue(System.nanoTime() - start < 10_000_000_000L, "no drop request");
            Thread.onSpinWait();
        }
        long requestedAfter = System.nanoTime() - start;
        assertTrue(requestedAfter >= INTERVAL, "drop requested after " + requestedAfter + " ns");

        // FORCE_SWITCHING: returns only once the waiter has taken the GIL (waiting for it, unless
        // the waiter was quicker than the releaser's check)
        gil.release();
        GilStats.Snapshot afterRelease = gil.stats();
        assertEquals(2, afterRelease.acquisitions(), "the waiter took the GIL before release() returned");
        assertTrue(afterRelease.forcedSwitchWaits() <= 1);
        assertFalse(gil.dropRequested(), "taking the GIL clears the request");

        gil.acquire();
        gil.release();
        waiter.join();
        String me = Thread.currentThread().getName();
        assertEquals(List.of("acquired " + me, "releasing " + me, "acquired waiter", "releasing waiter",
                "acquired " + me, "releasing " + me), events);
        assertTrue(gil.stats().dropRequests() >= 1);
    }

    @Test
    void uncontendedReleaseDoesNotWait() {
        NewGil gil = new NewGil(INTERVAL);
        for (int i = 0; i < 1000; i++) {
            gil.acquire();
            gil.release();
        }
        GilStats.Snapshot s = gil.stats();
        assertEquals(1000, s.acquisitions());
        assertEquals(0, s.contended());
        assertEquals(0, s.forcedSwitchWaits());
        assertEquals(999, s.selfReacquires());
    }
}
