package gilprobe.it.programs;

/** Threads with names a report must render as text: markup, script breakers, quotes, unicode. */
public final class HostileNames {
    static final Object LOCK = new Object();
    public static final String[] NAMES = {
            "</script><img src=x onerror=alert(1)>",
            "\"'><svg onload=alert(2)>",
            "\u2028line\u2029sep & <b>bold</b>",
            "名前-🧵",
    };

    public static void main(String[] args) throws Exception {
        Thread[] ts = new Thread[NAMES.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = new Thread(() -> {
                for (int k = 0; k < 1000; k++) {
                    synchronized (LOCK) {
                        Spin.nanos(2_000);
                    }
                }
            }, NAMES[i]);
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        System.out.println("done");
    }
}
