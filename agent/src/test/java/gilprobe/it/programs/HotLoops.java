package gilprobe.it.programs;

import java.util.concurrent.locks.ReentrantLock;

/** Hot methods of every instrumented shape, run long enough for the JIT to compile them at every tier. */
public final class HotLoops {
    static final Object LOCK = new Object();
    static final ReentrantLock RLOCK = new ReentrantLock();
    static long counter;

    static void block() {
        synchronized (LOCK) {
            counter++;
        }
    }

    static void throwing(int i) {
        try {
            synchronized (LOCK) {
                if ((i & 1023) == 0) {
                    throw new IllegalStateException();
                }
                counter++;
            }
        } catch (IllegalStateException e) {
            counter--;
        }
    }

    synchronized void instanceSync() {
        counter++;
    }

    static synchronized void staticSync() {
        counter++;
    }

    static void reentrant() {
        RLOCK.lock();
        try {
            counter++;
        } finally {
            RLOCK.unlock();
        }
    }

    static int dispatch(int[] code) {
        int acc = 0;
        for (int pc = 0; pc < code.length; pc++) {
            switch (code[pc]) {
                case 0: acc += 1; break;
                case 1: acc -= 1; break;
                case 2: acc *= 3; break;
                case 3: acc ^= 7; break;
                case 4: acc >>= 1; break;
                case 5: acc += 11; break;
                default: acc = 0;
            }
        }
        return acc;
    }

    public static void main(String[] args) {
        HotLoops self = new HotLoops();
        int[] code = {0, 1, 2, 3, 4, 5, 6, 0, 2};
        long sink = 0;
        for (int i = 0; i < 300_000; i++) {
            block();
            throwing(i);
            self.instanceSync();
            staticSync();
            reentrant();
            sink += dispatch(code);
        }
        System.out.println("counter=" + counter + " sink=" + sink);
    }
}
