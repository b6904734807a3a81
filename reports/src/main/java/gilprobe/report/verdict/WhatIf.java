package gilprobe.report.verdict;

/**
 * How long the profiled stretch would have taken if the lock cost nothing: no waits, no handoffs, each thread
 * doing only its work (its hold time and its work without the lock), scheduled on the machine's cores. Computed
 * only by {@link Verdicts#of}; written into the report JSON as {@code locks[i].whatIf} (contract, exact shape);
 * the rule is on {@link Verdicts} and in docs/design.md ("What-if").
 *
 * @param predictedNanos the predicted duration, at most the measured one
 * @param speedup        measured duration / predicted (1 when the lock cost nothing, or the stretch was empty)
 * @param method         how the prediction was made, in words, with this run's numbers
 */
public record WhatIf(long predictedNanos, double speedup, String method) {
}
