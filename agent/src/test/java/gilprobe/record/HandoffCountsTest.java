package gilprobe.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HandoffCountsTest {
    @Test
    void countsEveryHandoffWithABoundedList() {
        HandoffCounts c = new HandoffCounts(4);
        long total = 0;
        for (int owner = 0; owner < 1000; owner++) {
            for (int k = 0; k <= owner % 3; k++) {
                c = c.add(owner, 1);
                total++;
            }
        }
        c = c.add(5, 10); // an owner kept in the list
        total += 10;
        assertEquals(HandoffCounts.MAX, c.size());
        long sum = 0;
        long others = -1;
        for (int i = 0; i < c.size(); i++) {
            sum += c.count[i];
            if (c.from[i] == HandoffCounts.OTHERS) {
                others = c.count[i];
            }
        }
        assertEquals(total, sum, "no handoff lost");
        assertEquals(5, c.from[5]);
        assertEquals(3 + 10, c.count[5], "owner 5 handed over 3 times (5 % 3 = 2), then 10 more");
        assertEquals(HandoffCounts.OTHERS, c.from[HandoffCounts.MAX - 1], "the last slot is kept for the rest");
        assertTrue(others > 0);
    }
}
