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
 */
public record Run(long startEpochMillis, long durationNanos, int availableProcessors, String javaVersion,
                  long pid, String options, String mainCommand, String vmName) {
}
