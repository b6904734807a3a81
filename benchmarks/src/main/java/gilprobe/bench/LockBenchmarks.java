package gilprobe.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One uncontended acquire/release pair of each kind of lock gilprobe can designate. Run by
 * {@link AgentOverhead} without the agent and with the agent designating each lock, so the difference is
 * the agent's cost per pair.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LockBenchmarks {
    public static final Object MONITOR = new Object();
    public static final Object OTHER_MONITOR = new Object();
    public static final ReentrantLock LOCK = new ReentrantLock();
    public static final MethodsLock METHODS = new MethodsLock();

    private long counter;

    /** A lock made of methods, as gilprobe's acquire=/release= designates one. */
    public static final class MethodsLock {
        private final ReentrantLock inner = new ReentrantLock();

        public void acquire() {
            inner.lock();
        }

        public void release() {
            inner.unlock();
        }
    }

    @Benchmark
    public long monitor() {
        synchronized (MONITOR) {
            return ++counter;
        }
    }

    @Benchmark
    public long otherMonitor() {
        synchronized (OTHER_MONITOR) {
            return ++counter;
        }
    }

    @Benchmark
    public long reentrantLock() {
        LOCK.lock();
        try {
            return ++counter;
        } finally {
            LOCK.unlock();
        }
    }

    @Benchmark
    public long methods() {
        METHODS.acquire();
        try {
            return ++counter;
        } finally {
            METHODS.release();
        }
    }
}
