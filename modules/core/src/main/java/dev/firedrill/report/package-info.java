/**
 * Reporting behind one port ({@link dev.firedrill.report.Reporter}): the run folder, {@code evidence.json}, the
 * console summary, summary.html, charts, the signed evidence bundle and the run history the RTO gate reads.
 * Reporting never changes a verdict. Evidence format: {@code docs/evidence.md}.
 *
 * <p>May depend on: the root package, {@code measure}; Allure only in {@code report.allure}.
 */
package dev.firedrill.report;
