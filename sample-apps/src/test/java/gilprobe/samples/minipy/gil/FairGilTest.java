package gilprobe.samples.minipy.gil;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Timeout(20)
class FairGilTest {

    /** Records acquisitions in order; calls are serialised by the GIL itself. */
    static final class Order implements GilObserver {
        final List<String> acquisitions = new ArrayList<>();

        @Override
        public void acquired(Thread thread) {
            acquisitions.add(thread.getName());
        }

        @Override
        public void releasing(Thread thread) {
        }
    }

    static void awaitWaiting(FairGil gil, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (gil.waiting() < n) {
            if (System.nanoTime() > deadline) throw new AssertionError("waiters never reached " + n);
            Thread.sleep(1);
        }
    }

    @Test
    void handsOffToTheLongestWaiterAndTheReleaserQueuesLast() throws InterruptedException {
        FairGil gil = new FairGil(100);
        Order order = new Order();
        gil.setObserver(order);
        String me = Thread.currentThread().getName();

        gil.acquire();
        List<Thread> waiters = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            Thread w = new Thread(() -> {
                gil.acquire();
                gil.release();
            }, "W" + i);
            waiters.add(w);
            w.start();
            awaitWaiting(gil, i); // W(i) queues strictly after W(i-1)
        }
        assertEquals(true, gil.dropRequested(), "the holder is asked to offer the GIL when threads wait");
        // the holder yields as the eval loop does: release, then acquire at once
        gil.release();
        gil.acquire();
        gil.release();
        for (Thread w : waiters) w.join();

        assertEquals(List.of(me, "W1", "W2", "W3", "W4", me), order.acquisitions);
        GilStats.Snapshot s = gil.stats();
        assertEquals(6, s.acquisitions());
        assertEquals(5, s.handoffs());
        assertEquals(0, s.unfairSelfReacquires());
        assertEquals(false, gil.dropRequested());
    }
}
