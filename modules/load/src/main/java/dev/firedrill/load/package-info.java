/**
 * Load: Gatling (Java DSL) against the stack, in-process and in the background, judged per phase and per request.
 *
 * <h2>How the per-phase figures are made (Gatling 3.15)</h2>
 * Gatling's own log reader gives whole-run aggregates only, so the figures do not come from it. Instead every request
 * of the run, of any simulation ({@link dev.firedrill.load.LedgerSimulation} or one of the user's own, unchanged), is
 * recorded into the drill's {@link dev.firedrill.Timeline} as an {@link dev.firedrill.Observation} under the path
 * {@code load} and under {@code load/<request name>}: Firedrill runs Gatling's own {@code Runner}
 * ({@link dev.firedrill.load.RecordingRunner}) with a statistics engine that passes every response on to Gatling and
 * hands it to the drill as well ({@link dev.firedrill.load.RecordingStatsEngine}, {@link dev.firedrill.load.LoadRun}):
 * start and end (Gatling's clock is the drill's, {@link dev.firedrill.load.GatlingClock}), OK or KO, status code.
 * {@code dev.firedrill.measure.PhaseStatistics} then cuts them by the timeline's markers (count, errors, error rate,
 * throughput, p50/p95/p99 per phase) exactly as it does probe observations, and
 * {@code Slos.latencyPercentileBelow("load/place order", phase, 95, max)} / {@code Slos.errorRateBelow("load", phase, share)}
 * judge them with the same verdicts as RTO and RPO. A request belongs to the phase in which it started.
 * {@code GatlingLoadIT} and {@code UserSimulationIT} prove it: latency put on the target only between
 * {@code disruption} and {@code recovery-started} shows in {@code during} and nowhere else.
 *
 * <h2>Running Gatling inside a drill</h2>
 * {@link dev.firedrill.load.Loads#ledger()} and {@link dev.firedrill.load.Loads#gatling} are
 * {@link dev.firedrill.Workload}s ({@link dev.firedrill.load.GatlingLoad}): {@code start} launches Gatling on a
 * background thread ({@link dev.firedrill.load.GatlingRuns}: what {@code Gatling.main} does, without its
 * {@code System.exit}), with the system properties the simulation reads (the service's base URL among them), and
 * waits out a warm-up that is sent but not recorded and a recorded baseline; {@code stop} stops the load generator
 * through the run's controller and waits, bounded, for the run to end and its assertions to be judged (noted on the
 * timeline for {@link dev.firedrill.load.GatlingAssertionsObjective}, the objective a user's simulation brings);
 * {@code export} writes Gatling's HTML report into the drill's folder as one self-contained file
 * ({@code gatling/gatling-report.html}: its scripts, styles and images inlined, viewable offline; {@code simulation.log}
 * beside it), and {@code close} removes Gatling's temporary results folder. One Gatling run at a time per JVM;
 * logback is configured again after the report (Gatling's launcher stops it). {@code gatling.conf} on the classpath
 * switches off analytics and the warm-up request, so no traffic leaves the machine (Gatling's version check to Maven
 * Central cannot be switched off). The JVM needs {@code --add-opens=java.base/java.lang=ALL-UNNAMED}.
 *
 * <p>May depend on: the root package, {@code kind} (the load generator's kind), Gatling.
 */
package dev.firedrill.load;
