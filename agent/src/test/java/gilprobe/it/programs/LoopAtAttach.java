package gilprobe.it.programs;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.concurrent.SynchronousQueue;

/**
 * A thread ("spinner") runs a loop in {@link Busy#spin} while gilprobe attaches; {@link Busy} also takes the
 * designated monitor {@code LOCK}, so the attach has something to instrument in it. Commands on stdin:
 * {@code end-spin} ends the loop (prints {@code spun}), {@code take N} has the spinner take {@code LOCK} N
 * times in {@link Busy#take} (prints {@code took N}), {@code exit} ends the program. Prints
 * {@code spinning} once the loop runs. With the argument {@code virtual} the spinner is a virtual thread.
 */
public final class LoopAtAttach {
    static final Object LOCK = new Object();
    private static final SynchronousQueue<Integer> TAKES = new SynchronousQueue<>();

    static final class Busy {
        static volatile boolean spin = true;
        static volatile boolean spinning;
        static long counter;

        static long spin() {
            long x = 1;
            while (spin) {
                x = x * 31 + 7;
                spinning = true;
            }
            return x;
        }

        static void take(int n) {
            for (int i = 0; i < n; i++) {
                synchronized (LOCK) {
                    counter++;
                }
            }
        }
    }

    /** {@code virtual} as the argument (JDK 21+): the spinner is a virtual thread. */
    public static void main(String[] args) throws Exception {
        Thread spinner;
        if (args.length > 0 && args[0].equals("virtual")) {
            // Thread.ofVirtual().name("spinner").unstarted(...), by reflection: the tests are built for Java 17
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Object b = builder.getMethod("name", String.class).invoke(Thread.class.getMethod("ofVirtual").invoke(null), "spinner");
            spinner = (Thread) builder.getMethod("unstarted", Runnable.class).invoke(b, (Runnable) LoopAtAttach::spinner);
        } else {
            spinner = new Thread(LoopAtAttach::spinner, "spinner");
            spinner.setDaemon(true);
        }
        spinner.start();
        while (!Busy.spinning) {
            Thread.onSpinWait();
        }
        System.out.println("spinning");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = in.readLine()) != null && !line.equals("exit"); ) {
            if (line.equals("end-spin")) {
                Busy.spin = false;
            } else if (line.startsWith("take ")) {
                TAKES.put(Integer.parseInt(line.substring(5)));
            } else {
                throw new IllegalArgumentException(line);
            }
        }
    }

    private static void spinner() {
        long x = Busy.spin();
        System.out.println("spun" + (x == 0 ? " (0)" : ""));
        try {
            while (true) {
                int n = TAKES.take();
                Busy.take(n);
                System.out.println("took " + n + " counter=" + Busy.counter);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
