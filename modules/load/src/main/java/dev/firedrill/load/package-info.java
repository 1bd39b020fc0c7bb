/**
 * Load: Gatling (Java DSL) against the stack, in-process and in the background, judged per phase.
 *
 * <h2>How the per-phase figures are made (Gatling 3.15)</h2>
 * Gatling's own log reader gives whole-run aggregates only, so the figures do not come from it. Instead
 * {@link dev.firedrill.load.LedgerSimulation} records every request into the drill's
 * {@link dev.firedrill.Timeline} as an {@link dev.firedrill.Observation} under the path {@code load}:
 * a session function before the request notes its start on the drill's clock, a check saves Gatling's
 * response time and status, and a session function after it records start, response time and OK/KO.
 * {@code dev.firedrill.measure.PhaseStatistics} then cuts them by the timeline's markers (count,
 * errors, error rate, throughput, p50/p95/p99 per phase) exactly as it does probe observations, and
 * {@code Slos.latencyPercentileBelow("load", phase, 95, max)} / {@code Slos.errorRateBelow("load", phase, share)}
 * judge them with the same verdicts as RTO and RPO. A request belongs to the phase in which it started.
 * {@code GatlingLoadIT} proves it: latency put on the target only between {@code disruption} and
 * {@code recovery-started} shows in {@code during} and nowhere else.
 *
 * <h2>Running Gatling inside a drill</h2>
 * {@link dev.firedrill.load.Loads#ledger()} is a {@link dev.firedrill.Workload}: {@code start} launches
 * Gatling on a background thread ({@code Gatling$.MODULE$.fromArgs}: {@code Gatling.main} calls
 * {@code System.exit}), waits out a warm-up that is sent but not recorded and a recorded baseline;
 * {@code stop} makes the next virtual user stop the load generator and waits, bounded, for the run to end;
 * {@code export} writes Gatling's HTML report into the drill's folder as one self-contained file ({@code gatling/gatling-report.html}: its
 * scripts, styles and images inlined, viewable offline; {@code simulation.log} beside it), and {@code close} removes
 * Gatling's temporary results folder. One Gatling run at a time per JVM; logback is configured again
 * after each run (Gatling stops it). {@code gatling.conf} on the classpath switches off analytics and
 * the warm-up request, so no traffic leaves the machine (Gatling's version check to Maven Central cannot
 * be switched off). The JVM needs {@code --add-opens=java.base/java.lang=ALL-UNNAMED}.
 */
package dev.firedrill.load;
