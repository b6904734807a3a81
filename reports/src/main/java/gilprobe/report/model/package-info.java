/**
 * The report model: what one profiled run measured, in the shape of the {@code gilprobe-report/1}
 * JSON contract (see docs/design.md and README.md). Immutable records; all durations in nanoseconds,
 * all counts exact. The agent builds it from its recorders; the JSON codec and the HTML renderer
 * read it. Fields beyond the contract's required ones are extensions and are documented on the
 * record component that carries them.
 */
package gilprobe.report.model;
