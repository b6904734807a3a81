package gilprobe.it.programs;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.concurrent.SynchronousQueue;

/**
 * A thread ("spinner") runs a loop in {@link Busy#spin} while gilprobe attaches; {@link Busy} also takes the
 * designated monitor {@code LOCK}, so the attach has something to instrument in it. Commands on stdin:
 * {@code end-spin} ends the loop (prints {@code spun}), {@code take N} has the spinner take {@code LOCK} N
 * times in {@link Busy#take} (prints {@code took N}), {@code exit} ends the program. Prints
 * {@code spinning} once the loop runs.
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

    public static void main(String[] args) throws Exception {
        Thread spinner = new Thread(LoopAtAttach::spinner, "spinner");
        spinner.setDaemon(true);
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
