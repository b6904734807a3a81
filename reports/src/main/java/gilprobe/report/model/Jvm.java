package gilprobe.report.model;

import java.util.List;

/**
 * Extension {@code jvms[i]} of a merged report ({@code java -jar gilprobe.jar merge}): one of the JVMs whose
 * reports were added up, with its own numbers, so that the worst one stands out. A report the agent wrote has
 * no {@code jvms} ({@link Report#jvms()} is null).
 *
 * @param file             the report file it came from, as given to {@code merge}
 * @param host             {@code run.host} of that report, or, when it had none, the file's name without
 *                         {@code .json}
 * @param pid              {@code run.pid}
 * @param startEpochMillis {@code run.startEpochMillis}
 * @param durationNanos    {@code run.durationNanos}
 * @param availableProcessors {@code run.availableProcessors}
 * @param javaVersion      {@code run.javaVersion}
 * @param locks            its numbers for each lock, in the order of the merged report's {@code locks}
 */
public record Jvm(String file, String host, long pid, long startEpochMillis, long durationNanos,
                  int availableProcessors, String javaVersion, List<JvmLock> locks) {
    public Jvm {
        locks = List.copyOf(locks);
    }

    /** How the JVM's threads are labelled in the merged report: {@code host:pid}. */
    public String label() {
        return host + ":" + pid;
    }

    /**
     * One lock in one JVM, copied from that JVM's report (its totals, and its own verdict's numbers).
     *
     * @param spec                  the lock's designation
     * @param acquisitions          {@code locks[i].acquisitions} of that JVM
     * @param contendedAcquisitions {@code locks[i].contendedAcquisitions}
     * @param heldNanos             {@code locks[i].heldNanos}
     * @param waitNanos             {@code locks[i].waitNanos}
     * @param utilization           {@code locks[i].utilization}: its hold time / its duration
     * @param waitShare             its verdict's {@code waitShare}
     * @param coresLost             its verdict's {@code coresLost}
     * @param threads               its verdict's {@code threadCount}: threads that used the lock
     * @param diagnosis             its verdict's {@code diagnosis}
     * @param severity              its verdict's {@code severity}
     * @param headline              its verdict's {@code headline}
     */
    public record JvmLock(String spec, long acquisitions, long contendedAcquisitions, long heldNanos, long waitNanos,
                          double utilization, double waitShare, double coresLost, int threads, String diagnosis,
                          String severity, String headline) {
    }
}
