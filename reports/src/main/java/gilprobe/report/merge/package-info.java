/**
 * Adding up the reports of the same lock(s) from several JVMs into one report: {@link gilprobe.report.merge.MergeReports}
 * (what {@code java -jar gilprobe.jar merge} runs). docs/report-format.md, "Merged reports", defines every field.
 */
package gilprobe.report.merge;
