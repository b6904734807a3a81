/**
 * The verdict on a lock: its cost in numbers (utilization, wait share, threads waiting, effective parallelism,
 * cores lost, the Amdahl cap, the handoff rates) and the diagnoses those numbers support (GIL battle, convoy,
 * serial, contention, no contention, never acquired), defined once in {@link gilprobe.report.verdict.Verdicts}
 * and documented in docs/design.md ("Verdict"). It depends on nothing else of gilprobe's: the report model
 * ({@code Report}) and the agent's interval summaries feed it plain numbers ({@link
 * gilprobe.report.verdict.VerdictInput}).
 */
package gilprobe.report.verdict;
