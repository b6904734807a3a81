package gilprobe.it.programs;

/**
 * Work whose duration without the lock is known, done twice. First with the lock: {@code threads} threads each
 * hold {@code LOCK} {@code count} times for {@code holdMillis}, with {@code gapMillis} outside it between
 * holds. Then the same work without any lock, by new threads, in the same JVM: the second section is what the
 * first would have taken if the lock cost nothing. The work is sleeping (a thread blocked in I/O while it
 * holds the lock, and between holds): it needs no core, so without the lock the threads do it side by side
 * and a section takes count × (hold + gap) however loaded the machine is. (Busy work would not: on a machine
 * whose cores other programs use, two busy threads get less of them than one, and the time without the lock
 * would depend on them.)
 * On a loaded machine a sleep ends late, by the time its thread waits for a core: each thread adds up how
 * late its sleeps in the locked section ended, so that a test knows the work each thread did there exactly.
 * Prints {@code locked_ns=<first section> free_ns=<second section> known_ns=<count × (hold + gap)>
 * locked_late_ns=<the most any thread's sleeps in the first section ended late, in all>}, each section from
 * before its first thread starts to after its last one is joined.
 */
public final class WhatIfWork {
    static final Object LOCK = new Object();

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        long hold = Long.parseLong(args[2]);
        long gap = Long.parseLong(args[3]);
        long[] late = new long[threads];
        long t0 = System.nanoTime();
        Spin.threads(threads, id -> {
            for (int k = 0; k < count; k++) {
                synchronized (LOCK) {
                    late[id] += sleep(hold);
                }
                late[id] += sleep(gap);
            }
        });
        long t1 = System.nanoTime();
        Spin.threads(threads, id -> {
            for (int k = 0; k < count; k++) {
                sleep(hold);
                sleep(gap);
            }
        });
        long t2 = System.nanoTime();
        long lateMax = 0;
        for (long l : late) {
            lateMax = Math.max(lateMax, l);
        }
        System.out.println("locked_ns=" + (t1 - t0) + " free_ns=" + (t2 - t1) + " known_ns=" + count * (hold + gap) * 1_000_000
                + " locked_late_ns=" + lateMax);
    }

    /** Sleeps {@code millis}; returns how much later than that it woke up. */
    private static long sleep(long millis) {
        if (millis == 0) {
            return 0;
        }
        long start = System.nanoTime();
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Math.max(0, System.nanoTime() - start - millis * 1_000_000);
    }
}
