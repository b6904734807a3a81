package gilprobe.it.programs;

import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDK behaviour behind gilprobe's rule "nothing on the operand stack across monitorenter", without
 * any agent. A generated class {@code R} (see {@code UnmountedMonitorenterIT}) runs K synchronized blocks
 * per virtual thread; before each {@code monitorenter} it takes a per-thread token from {@link #token()}
 * and keeps it either under the monitor object on the operand stack or in a local, and after
 * {@code monitorenter} hands it to {@link #check}, which counts tokens that are not the thread's own and
 * allocates, so that GCs happen while threads are unmounted. Prints {@code counter=... bad=...}.
 */
public final class UnmountedMonitorenter {
    static final AtomicLong BAD = new AtomicLong();
    static final ThreadLocal<Object> TOKEN = ThreadLocal.withInitial(() -> new int[] {42});
    static volatile Object sink;

    public static Object token() {
        return TOKEN.get();
    }

    public static void check(Object token) {
        sink = new byte[256];
        if (token != TOKEN.get()) {
            BAD.incrementAndGet();
        }
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int k = Integer.parseInt(args[1]);
        Class<?> r = Class.forName("R");
        Method work = r.getMethod("work", int.class);
        Thread[] ts = new Thread[n];
        for (int i = 0; i < n; i++) {
            ts[i] = VirtualThreads.startVirtual("vt-" + i, () -> {
                try {
                    work.invoke(null, k);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        for (Thread t : ts) {
            t.join();
        }
        System.out.println("counter=" + r.getField("counter").getLong(null) + " bad=" + BAD.get());
    }
}
