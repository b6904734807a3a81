package gilprobe.it.programs;

import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * N virtual threads x K iterations on one designated lock, built so the test knows every count. Uses
 * virtual threads through reflection (the test programs are compiled for Java 17); it needs Java 21+, and
 * on Java 24+ a virtual thread that blocks on a monitor unmounts (JEP 491), the case this program exists
 * for. With many more threads than carrier threads, almost every contended request unmounts.
 *
 * <p>Each iteration takes the lock once (outermost) with one re-entrant acquire inside; every 7th
 * iteration throws out of the held region; every 500th (k = 0, 500, ...) also does one block that
 * notifies and waits 1 ms on the lock, which is one more acquisition and one condition wait (its return
 * re-acquires). So: acquisitions = N*K + 2*N*W and conditionWaits = N*W, with W = ceil(K/500).
 * Modes: {@code monitor} (a static monitor, {@code monitor=...VirtualThreads.MONITOR}), {@code lock} (a
 * {@code ReentrantLock}, {@code lock=...VirtualThreads.LOCK}, awaiting its condition), {@code methods}
 * (a GIL made of {@code take}/{@code drop} methods on a monitor, a flag and wait/notifyAll; no condition
 * waits of the designated lock: acquisitions = N*K).
 */
public final class VirtualThreads {
    static final Object MONITOR = new Object();
    static final ReentrantLock LOCK = new ReentrantLock();
    static final Condition CONDITION = LOCK.newCondition();
    static final MethodsGil GIL = new MethodsGil();
    static long counter;
    static long thrown;

    /** A GIL made of methods, as CPython builds one: the monitor is only the GIL's own mutex. */
    public static final class MethodsGil {
        private final Object mutex = new Object();
        private boolean locked;

        public void take() throws InterruptedException {
            synchronized (mutex) {
                while (locked) {
                    mutex.wait();
                }
                locked = true;
            }
        }

        public void drop() {
            synchronized (mutex) {
                locked = false;
                mutex.notifyAll();
            }
        }
    }

    static final class Boom extends RuntimeException {
        Boom() {
            super(null, null, false, false);
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        int k = Integer.parseInt(args[2]);
        Runnable body = switch (mode) {
            case "monitor" -> () -> monitorWork(k);
            case "lock" -> () -> lockWork(k);
            case "methods" -> () -> methodsWork(k);
            default -> throw new IllegalArgumentException(mode);
        };
        Thread[] ts = new Thread[n];
        for (int i = 0; i < n; i++) {
            ts[i] = startVirtual("vt-" + i, body);
        }
        for (Thread t : ts) {
            t.join();
        }
        System.out.println("counter=" + counter + " thrown=" + thrown);
    }

    static void monitorWork(int k) {
        for (int i = 0; i < k; i++) {
            try {
                synchronized (MONITOR) {
                    synchronized (MONITOR) {
                        counter++;
                    }
                    if (i % 7 == 0) {
                        thrown++;
                        throw new Boom();
                    }
                }
            } catch (Boom expected) {
                // the monitor was released by the handler
            }
            if (i % 500 == 0) {
                synchronized (MONITOR) {
                    MONITOR.notifyAll();
                    try {
                        MONITOR.wait(1);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }

    static void lockWork(int k) {
        for (int i = 0; i < k; i++) {
            try {
                LOCK.lock();
                try {
                    LOCK.lock();
                    try {
                        counter++;
                    } finally {
                        LOCK.unlock();
                    }
                    if (i % 7 == 0) {
                        thrown++;
                        throw new Boom();
                    }
                } finally {
                    LOCK.unlock();
                }
            } catch (Boom expected) {
                // released in finally
            }
            if (i % 500 == 0) {
                LOCK.lock();
                try {
                    CONDITION.signalAll();
                    CONDITION.await(1, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    LOCK.unlock();
                }
            }
        }
    }

    static void methodsWork(int k) {
        try {
            for (int i = 0; i < k; i++) {
                GIL.take();
                try {
                    counter++;
                    if (i % 7 == 0) {
                        thrown++;
                        throw new Boom();
                    }
                } catch (Boom expected) {
                    // thrown while holding the GIL
                } finally {
                    GIL.drop();
                }
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code Thread.ofVirtual().name(name).start(body)}, by reflection. */
    static Thread startVirtual(String name, Runnable body) throws ReflectiveOperationException {
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Class<?> builderType = Class.forName("java.lang.Thread$Builder");
        builder = builderType.getMethod("name", String.class).invoke(builder, name);
        Method start = builderType.getMethod("start", Runnable.class);
        return (Thread) start.invoke(builder, body);
    }
}
