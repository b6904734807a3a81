package gilprobe.report.model;

/**
 * Metadata of a profiled run.
 *
 * @param startEpochMillis    wall-clock start of the profiled interval
 * @param durationNanos       length of the profiled interval (the denominator of utilization)
 * @param availableProcessors {@code Runtime.availableProcessors()} of the target
 * @param javaVersion         {@code java.version} of the target
 * @param pid                 process id of the target
 * @param options             the agent options exactly as given
 * @param mainCommand         extension: {@code sun.java.command} of the target, or "" if unknown
 * @param vmName              extension: {@code java.vm.name} of the target
 * @param host                extension: the target's host name as the agent read it at the snapshot, or ""
 *                            when unknown (a report written before the field existed); in a merged report
 *                            ({@code merge}) the hosts of its JVMs, distinct, joined by ", "
 */
public record Run(long startEpochMillis, long durationNanos, int availableProcessors, String javaVersion,
                  long pid, String options, String mainCommand, String vmName, String host) {
    public Run {
        host = host == null ? "" : host;
    }

    /** A run whose host is not known. */
    public Run(long startEpochMillis, long durationNanos, int availableProcessors, String javaVersion,
               long pid, String options, String mainCommand, String vmName) {
        this(startEpochMillis, durationNanos, availableProcessors, javaVersion, pid, options, mainCommand, vmName, "");
    }
}
