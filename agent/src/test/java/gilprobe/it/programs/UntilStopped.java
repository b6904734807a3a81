package gilprobe.it.programs;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two threads take {@code LOCK} in a method call each (so code retransformed while it runs is used from the
 * next call) until the file named by the first argument exists; then prints {@code done} and exits 0. A
 * test decides when it ends, never a clock; after ten minutes it gives up with status 3.
 */
public final class UntilStopped {
    static final Object LOCK = new Object();
    static long counter;
    static volatile boolean stop;

    static void step() {
        synchronized (LOCK) {
            counter++;
        }
    }

    public static void main(String[] args) throws Exception {
        Path stopFile = Path.of(args[0]);
        long giveUp = System.nanoTime() + 600_000_000_000L;
        Thread watcher = new Thread(() -> {
            try {
                while (!Files.exists(stopFile) && System.nanoTime() < giveUp) {
                    Thread.sleep(20);
                }
            } catch (InterruptedException ignored) {
                // stop
            }
            stop = true;
        }, "watcher");
        watcher.start();
        Spin.threads(2, id -> {
            while (!stop) {
                step();
            }
        });
        System.out.println("done");
        System.exit(Files.exists(stopFile) ? 0 : 3);
    }
}
