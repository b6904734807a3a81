package gilprobe.it.programs;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.jar.JarFile;

/**
 * A target with thousands of loaded classes, for attaching late (the stand-in for a large language
 * runtime): loads and initialises every class of a jar written by {@code gilprobe.it.GeneratedClasses},
 * prints {@code ready classes=<n>}, then two worker threads contend for {@link #LOCK} as told, one
 * command per line on stdin, and count their own acquisitions (the ground truth):
 * <ul>
 * <li>{@code phase1 <n>}: each worker takes the lock {@code n} times through {@link #locked()}, a method of
 * this class, the lock's owner; prints {@code phase1 acquisitions=<total>}.</li>
 * <li>{@code phase2 <n>}: each worker takes it {@code n} times through {@code gen.p000.C00000.locked}, a
 * generated class's {@code synchronized} block; prints {@code phase2 acquisitions=<total>}.</li>
 * <li>{@code exit}: ends the program.</li>
 * </ul>
 * With {@code --work <seconds>} instead, the workers start at once and, for that long, take the lock through
 * {@link #lockedWithWork} with a little work inside and outside (a GIL-bound interpreter in miniature); the
 * program prints when the work started ({@code work start_ms=<epoch ms>}), then the acquisitions of every
 * 100 ms since the start ({@code per_100ms=[...]}), for the measurement script.
 */
public final class ManyClasses {
    static final Object LOCK = new Object();
    /** Acquisitions of LOCK, counted inside the lock. */
    static long acquisitions;
    static long sink;

    static void locked() {
        synchronized (LOCK) {
            acquisitions++;
        }
    }

    static void lockedWithWork(long seed) {
        long x = seed;
        synchronized (LOCK) {
            acquisitions++;
            for (int i = 0; i < 40; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            sink += x;
        }
        for (int i = 0; i < 40; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        if (x == 42) {
            System.out.print("");
        }
    }

    public static void main(String[] args) throws Throwable {
        File jar = new File(args[0]);
        List<Class<?>> classes = new ArrayList<>();
        URLClassLoader loader = new URLClassLoader("generated", new URL[] {jar.toURI().toURL()}, ManyClasses.class.getClassLoader());
        try (JarFile j = new JarFile(jar)) {
            for (String name : j.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).toList()) {
                classes.add(Class.forName(name.substring(0, name.length() - 6).replace('/', '.'), true, loader));
            }
        }
        System.out.println("ready classes=" + classes.size());
        if (args.length > 2 && args[1].equals("--work")) {
            work(Long.parseLong(args[2]));
            return;
        }
        MethodHandle generated = MethodHandles.publicLookup().findStatic(loader.loadClass("gen.p000.C00000"), "locked",
                MethodType.methodType(void.class, Object.class, long[].class));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = in.readLine()) != null && !line.equals("exit"); ) {
            String[] cmd = line.split(" ");
            long n = Long.parseLong(cmd[1]);
            long[][] counters = {new long[1], new long[1]};
            Runnable[] bodies = new Runnable[2];
            for (int w = 0; w < 2; w++) {
                long[] counter = counters[w];
                bodies[w] = switch (cmd[0]) {
                    case "phase1" -> () -> {
                        for (long i = 0; i < n; i++) {
                            locked();
                            counter[0]++;
                        }
                    };
                    case "phase2" -> () -> {
                        try {
                            for (long i = 0; i < n; i++) {
                                generated.invokeExact(LOCK, counter);
                            }
                        } catch (Throwable e) {
                            throw new IllegalStateException(e);
                        }
                    };
                    default -> throw new IllegalArgumentException(line);
                };
            }
            runBoth(bodies);
            System.out.println(cmd[0] + " acquisitions=" + (counters[0][0] + counters[1][0]));
        }
        System.out.println("classes still loaded: " + classes.size());
    }

    private static void runBoth(Runnable[] bodies) throws InterruptedException {
        Thread a = new Thread(bodies[0], "worker-1");
        Thread b = new Thread(bodies[1], "worker-2");
        a.start();
        b.start();
        a.join();
        b.join();
    }

    private static void work(long seconds) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        Runnable body = () -> {
            for (long i = 0; ; i++) {
                lockedWithWork(i);
                if ((i & 1023) == 0) {
                    done.addAndGet(1024);
                    if (System.nanoTime() > deadline) {
                        return;
                    }
                }
            }
        };
        List<Long> perTick = new ArrayList<>();
        long start = System.nanoTime();
        Thread sampler = new Thread(() -> {
            long last = 0;
            long tick = start + 100_000_000L;
            // on a 100 ms grid from the start (sleeping until each tick, so delays do not add up)
            while (!Thread.currentThread().isInterrupted()) {
                long now = System.nanoTime();
                if (now < tick) {
                    LockSupport.parkNanos(tick - now);
                    continue;
                }
                long count = done.get();
                perTick.add(count - last);
                last = count;
                tick += 100_000_000L;
            }
        }, "sampler");
        sampler.setDaemon(true);
        System.out.println("work start_ms=" + (System.currentTimeMillis() - (System.nanoTime() - start) / 1_000_000));
        sampler.start();
        runBoth(new Runnable[] {body, body});
        sampler.interrupt();
        sampler.join();
        System.out.println("work acquisitions=" + acquisitions);
        System.out.println("per_100ms=" + perTick.toString().replace(" ", ""));
    }
}
