package gilprobe.bench;

/**
 * The observer-effect benchmark: a small bytecode VM (a 20-opcode {@code switch} loop) behind a
 * CPython-2-style GIL made of a monitor, a {@code locked} flag and {@code wait}/{@code notify}, released
 * and re-acquired by its holder every {@code check} ticks whether or not another thread waits. On a
 * multi-core machine the releaser usually takes it straight back (Beazley's "GIL battle"); whatever an
 * observer adds between a release and the next acquire hands the GIL to the waiting thread instead.
 *
 * <pre>java -cp benchmarks.jar gilprobe.bench.GilBattle THREADS TOTAL_COUNTDOWN CHECK_TICKS</pre>
 *
 * The work (a countdown of TOTAL split over THREADS) is timed by the program itself and printed with the
 * GIL's own counts: {@code elapsed_s= acquisitions= handoffs= ticks=}. Designate the GIL with
 * {@code acquire=gilprobe.bench.GilBattle$Gil#acquire,release=gilprobe.bench.GilBattle$Gil#release}.
 *
 * <p>The clock floor: with {@code -Dgilbattle.clockReads=2} (and no agent) the VM reads
 * {@code System.nanoTime()} once right after each acquire returns and once right before each release,
 * inside the hold, where a profiler that times every hold must read it. The ratio of that run to a plain
 * one is the least any exact per-hold timing can cost on the machine; the overhead table prints it beside
 * the agent's ratio, so what is the clock and what is gilprobe's own work can be told apart.
 *
 * <p>Live-metrics readers: with {@code -Dgilbattle.mbeanReads=N} the program makes the platform MBean
 * server before the timed work (so that gilprobe registers its MBeans, which it waits for, 10 s at most)
 * and, for {@code N > 0}, a daemon thread reads every attribute of every {@code gilprobe:type=Lock} MBean
 * {@code N} times a second through it (one {@code getAttributes} per MBean and read) while the work runs;
 * it prints {@code mbean_reads=} (reads made), {@code mbean_acquisitions=} (the last value read) and
 * {@code mbean_read_cpu_us=} (the reader thread's CPU time per read, microseconds; {@code _warm}: after its
 * first 200 reads, which run before the JIT has compiled the read path).
 * {@code N = 0}: the MBean server and the MBeans, no reader.
 */
public final class GilBattle {
    /** Python 2's GIL: no handoff, a release only notifies one waiter. Counts under its own mutex. */
    public static final class Gil {
        private final Object mutex = new Object();
        private boolean locked;
        private Thread last;
        long acquisitions;
        long handoffs;

        public void acquire() {
            synchronized (mutex) {
                while (locked) {
                    try {
                        mutex.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                locked = true;
                acquisitions++;
                Thread me = Thread.currentThread();
                if (last != null && last != me) {
                    handoffs++;
                }
                last = me;
            }
        }

        public void release() {
            synchronized (mutex) {
                locked = false;
                mutex.notify();
            }
        }
    }

    // the VM's opcodes
    static final int NOP = 0, PUSH = 1, LOAD = 2, STORE = 3, ADD = 4, SUB = 5, MUL = 6, DIV = 7, MOD = 8, NEG = 9,
            DUP = 10, POP = 11, SWAP = 12, JMP = 13, JGT = 14, JEQ = 15, AND = 16, OR = 17, XOR = 18, HALT = 19;

    /** {@code x = n; while (x > 0) x = x - 1;} with x in slot 0. */
    static final int[] COUNTDOWN = {
            LOAD, 0, PUSH, 1, SUB, STORE, 0, // 0: x = x - 1
            LOAD, 0, PUSH, 0, JGT, 0,        // 7: if (x > 0) goto 0   (JGT pops b, then a: jump if a > b)
            HALT,
    };

    static long ticksRun;

    /** Clock reads per hold that the VM itself makes (0, 1 or 2): see the class comment. */
    static final int CLOCK_READS = Integer.getInteger("gilbattle.clockReads", 0);
    /** Where the clock readings go, so that the JIT cannot drop them. */
    static volatile long clockSink;

    /** Runs the program on the VM; returns the ticks it took. Releases the GIL every {@code check} ticks. */
    static long run(Gil gil, int[] code, long[] slots, int check) {
        long[] stack = new long[16];
        int sp = 0;
        int pc = 0;
        long ticks = 0;
        int untilCheck = check;
        long stamps = 0;
        gil.acquire();
        if (CLOCK_READS > 0) {
            stamps += System.nanoTime();
        }
        try {
            while (true) {
                if (--untilCheck == 0) {
                    untilCheck = check;
                    if (CLOCK_READS > 1) {
                        stamps += System.nanoTime();
                    }
                    gil.release();
                    gil.acquire();
                    if (CLOCK_READS > 0) {
                        stamps += System.nanoTime();
                    }
                }
                ticks++;
                int op = code[pc++];
                switch (op) {
                    case NOP -> { }
                    case PUSH -> stack[sp++] = code[pc++];
                    case LOAD -> stack[sp++] = slots[code[pc++]];
                    case STORE -> slots[code[pc++]] = stack[--sp];
                    case ADD -> { sp--; stack[sp - 1] += stack[sp]; }
                    case SUB -> { sp--; stack[sp - 1] -= stack[sp]; }
                    case MUL -> { sp--; stack[sp - 1] *= stack[sp]; }
                    case DIV -> { sp--; stack[sp - 1] /= stack[sp]; }
                    case MOD -> { sp--; stack[sp - 1] %= stack[sp]; }
                    case NEG -> stack[sp - 1] = -stack[sp - 1];
                    case DUP -> { stack[sp] = stack[sp - 1]; sp++; }
                    case POP -> sp--;
                    case SWAP -> { long t = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = t; }
                    case JMP -> pc = code[pc];
                    case JGT -> { long b = stack[--sp]; long a = stack[--sp]; pc = a > b ? code[pc] : pc + 1; }
                    case JEQ -> { long b = stack[--sp]; long a = stack[--sp]; pc = a == b ? code[pc] : pc + 1; }
                    case AND -> { sp--; stack[sp - 1] &= stack[sp]; }
                    case OR -> { sp--; stack[sp - 1] |= stack[sp]; }
                    case XOR -> { sp--; stack[sp - 1] ^= stack[sp]; }
                    case HALT -> {
                        clockSink = stamps;
                        return ticks;
                    }
                    default -> throw new IllegalStateException("bad opcode " + op);
                }
            }
        } finally {
            gil.release();
        }
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        long total = Long.parseLong(args[1]);
        int check = Integer.parseInt(args[2]);
        Gil gil = new Gil();
        long[] ticks = new long[threads];
        Thread[] ts = new Thread[threads];
        MBeanReader reader = MBEAN_READS >= 0 ? MBeanReader.start(MBEAN_READS) : null;
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            int id = i;
            ts[i] = new Thread(() -> ticks[id] = run(gil, COUNTDOWN, new long[] {total / threads}, check), "vm-" + i);
            ts[i].start();
        }
        long sum = 0;
        for (int i = 0; i < threads; i++) {
            ts[i].join();
            sum += ticks[i];
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("elapsed_s=%.3f acquisitions=%d handoffs=%d ticks=%d%s%n", elapsed, gil.acquisitions, gil.handoffs,
                sum, reader == null ? "" : reader.stop());
    }

    /** MBean reads per second while the work runs; -1 (default): no MBean server is made. See the class comment. */
    static final int MBEAN_READS = Integer.getInteger("gilbattle.mbeanReads", -1);

    /** Reads gilprobe's MBeans through the platform MBean server at a fixed rate. */
    static final class MBeanReader implements Runnable {
        private final javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        private final java.util.Set<javax.management.ObjectName> names;
        private final String[] attributes;
        private final long periodNanos;
        private volatile boolean stopped;
        private long reads;
        private Object lastAcquisitions = "-";
        private Thread thread;

        private MBeanReader(int perSecond) throws Exception {
            javax.management.ObjectName pattern = new javax.management.ObjectName("gilprobe:type=Lock,*");
            long deadline = System.nanoTime() + 10_000_000_000L;
            java.util.Set<javax.management.ObjectName> found = server.queryNames(pattern, null);
            while (found.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
                found = server.queryNames(pattern, null);
            }
            names = found;
            attributes = found.isEmpty() ? new String[0] : java.util.Arrays.stream(server.getMBeanInfo(found.iterator().next())
                    .getAttributes()).map(javax.management.MBeanAttributeInfo::getName).toArray(String[]::new);
            periodNanos = perSecond > 0 ? 1_000_000_000L / perSecond : 0;
        }

        static MBeanReader start(int perSecond) throws Exception {
            MBeanReader r = new MBeanReader(perSecond);
            if (perSecond > 0) {
                r.thread = new Thread(r, "mbean-reader");
                r.thread.setDaemon(true);
                r.thread.start();
            }
            return r;
        }

        @Override
        public void run() {
            long next = System.nanoTime();
            while (!stopped) {
                next += periodNanos;
                try {
                    for (javax.management.ObjectName n : names) {
                        for (Object a : server.getAttributes(n, attributes)) {
                            javax.management.Attribute attr = (javax.management.Attribute) a;
                            if (attr.getName().equals("Acquisitions")) {
                                lastAcquisitions = attr.getValue();
                            }
                        }
                    }
                    reads++;
                    if (reads == WARM_READS) {
                        cpuAtWarm = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    }
                } catch (Exception e) {
                    lastAcquisitions = e.toString().replace(' ', '_');
                    return;
                }
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
            cpuNanos = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }

        /** The reader thread's CPU time when it stopped, and after its first {@link #WARM_READS} reads. */
        private volatile long cpuNanos;
        private volatile long cpuAtWarm;
        /** Reads before the per-read CPU time after warm-up is counted (the first ones run interpreted). */
        static final int WARM_READS = 200;

        /** Stops the reader; its counts as {@code key=value} words for the output line. */
        String stop() throws InterruptedException {
            stopped = true;
            if (thread != null) {
                thread.join();
            }
            return " mbeans=" + names.size() + " mbean_reads=" + reads + " mbean_acquisitions=" + lastAcquisitions
                    + " mbean_read_cpu_us=" + (reads == 0 ? "-" : String.format("%.1f", cpuNanos / 1e3 / reads))
                    + " mbean_read_cpu_us_warm=" + (reads <= WARM_READS ? "-"
                    : String.format("%.1f", (cpuNanos - cpuAtWarm) / 1e3 / (reads - WARM_READS)));
        }
    }
}
