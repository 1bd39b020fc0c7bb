/**
 * Reporting behind one port ({@link dev.firedrill.report.Reporter}): the run folder, {@code evidence.json}, the
 * console summary, summary.html, charts, the signed evidence bundle and the run history the RTO gate reads; the
 * shard plan that history balances ({@link dev.firedrill.report.ShardPlan}) and the merge of the shards' bundles
 * ({@link dev.firedrill.report.ShardMerge}, {@code docs/ci.md}). Reporting never changes a verdict. Evidence format: {@code docs/evidence.md}.
 *
 * <p>May depend on: the root package, {@code measure}, {@code monitoring} (the alerts on the timeline chart and in the evidence). Reporters of other modules join a run through {@link dev.firedrill.report.ReporterProvider}
 * (Allure's, in the module {@code firedrill-allure}).
 */
package dev.firedrill.report;
