package dev.firedrill.load;

import dev.firedrill.LedgerReport;
import dev.firedrill.Objective;
import dev.firedrill.Observation;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.Workload;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A Gatling simulation as a drill {@link Workload}: Gatling on a background thread from start to stop, every request
 * recorded into the drill's timeline ({@link LoadRun}). The built-in {@link LedgerSimulation} ({@link Loads#ledger()})
 * and a simulation of the user's own ({@link Loads#gatling}) run the same way; the user's also brings its assertions
 * as an objective ({@link GatlingAssertionsObjective}).
 */
final class GatlingLoad implements Workload {

    private static final Logger LOG = Logger.getLogger(GatlingLoad.class.getName());
    /** Bound on Gatling's start (first run in a JVM: class loading, configuration, ~2-3 s). */
    static final Duration START_BOUND = Duration.ofSeconds(60);
    /** Bound on the end of the run after stop: requests in flight (request timeout 10 s) and the assertions. */
    static final Duration STOP_BOUND = Duration.ofSeconds(60);
    private static final int STEADY_RUN = 5;

    /**
     * What a run needs besides the simulation, fixed when the drill starts the load (system properties are read then).
     *
     * @param settings        the settings in words, for the load's name (e.g. {@code " at 30.0 requests/s, 50 % writes"})
     * @param properties      system properties set for the run
     * @param baseUrlProperty the system property set to the base URL of the service under load
     */
    record Plan(String settings, Map<String, String> properties, String baseUrlProperty, Duration warmUp,
            Duration baseline, String path) {
    }

    private final String simulation;
    private final String service;
    private final int port;
    private final boolean judgesAssertions;
    private final Supplier<Plan> plan;

    /**
     * @param simulation       the simulation's class name
     * @param judgesAssertions whether the simulation's assertions are an objective of the drill
     */
    GatlingLoad(String simulation, String service, int port, boolean judgesAssertions, Supplier<Plan> plan) {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("Load target service must not be blank");
        }
        this.simulation = Objects.requireNonNull(simulation, "simulation must not be null");
        this.service = service;
        this.port = port;
        this.judgesAssertions = judgesAssertions;
        this.plan = Objects.requireNonNull(plan, "plan must not be null");
    }

    @Override
    public String name() {
        return "Gatling " + GatlingAssertionsObjective.simpleName(simulation) + " on " + service + ":" + port + plan.get().settings();
    }

    /** The simulation's assertions, judged beside the drill's objectives (a simulation of the user's own only). */
    @Override
    public List<Objective> objectives() {
        return judgesAssertions ? List.of(new GatlingAssertionsObjective(simulation)) : List.of();
    }

    /**
     * Launches Gatling on its own thread; returns after its warm-up (sent, not recorded), once the drill's
     * probes answer (bounded), and after the recorded baseline.
     */
    @Override
    public Running start(SystemUnderTest system, Timeline timeline) {
        Plan effective = plan.get();
        String baseUrl = "http://" + system.endpoint(service, port);
        Path results;
        try {
            results = Files.createTempDirectory("firedrill-gatling-");
        } catch (IOException e) {
            throw new UncheckedIOException("Load on " + service + ": cannot create Gatling's results folder", e);
        }
        LoadRun run = new LoadRun(effective.path(), timeline.clock(), timeline::record);
        Map<String, String> properties = new LinkedHashMap<>(effective.properties());
        properties.put(effective.baseUrlProperty(), baseUrl);
        RunningLoad running = new RunningLoad(name(), run, results, timeline, judgesAssertions ? simulation : null);
        Thread thread = new Thread(() -> running.finished(() -> GatlingRuns.run(simulation, results, properties, run, name())),
                "firedrill-gatling");
        thread.setDaemon(true);
        running.thread = thread;
        thread.start();
        String where = service + ":" + port;
        try {
            await("first Gatling request on " + where).atMost(START_BOUND).pollInterval(Duration.ofMillis(50))
                    .until(() -> run.finished() > 0 || !thread.isAlive());
            if (run.finished() == 0) {
                throw new LoadException("Load on " + where + ": Gatling ended before its first request ("
                        + running.outcome() + ")", running.crash.get());
            }
            pause("warm-up of the load on " + where, effective.warmUp(), thread);
            // The baseline is the service's normal behaviour under load: wait (bounded) until the drill's probes answer.
            try {
                await("probes answering before the load's baseline on " + where).atMost(START_BOUND)
                        .pollInterval(Duration.ofMillis(100)).until(() -> probesAnswer(timeline, effective.path()));
            } catch (ConditionTimeoutException e) {
                LOG.warning("Load on " + where + ": the probes were not answering within " + START_BOUND
                        + "; recording the baseline anyway");
            }
            run.recordFromNow();
            pause("baseline of the load on " + where, effective.baseline(), thread);
        } catch (ConditionTimeoutException e) {
            running.stop();
            throw new LoadException("Load on " + where + ": Gatling sent no request within " + START_BOUND, e);
        } catch (RuntimeException e) {
            running.stop();
            throw e;
        }
        return running;
    }

    /** The last {@value #STEADY_RUN} observations of every path but the load's (the drill's probes) succeeded within 1 s. */
    private static boolean probesAnswer(Timeline timeline, String loadPath) {
        for (String path : timeline.paths()) {
            if (path.equals(loadPath) || path.startsWith(loadPath + "/")) {
                continue;
            }
            List<Observation> observed = timeline.observations(path);
            if (observed.size() < STEADY_RUN) {
                return false;
            }
            for (Observation o : observed.subList(observed.size() - STEADY_RUN, observed.size())) {
                if (!o.succeededWithin(Duration.ofSeconds(1))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void pause(String what, Duration length, Thread gatling) {
        if (length.isZero()) {
            return;
        }
        long until = System.nanoTime() + length.toNanos();
        await(what).atMost(length.plus(START_BOUND)).pollInterval(Duration.ofMillis(50))
                .until(() -> System.nanoTime() - until >= 0 || !gatling.isAlive());
    }

    /** A Gatling run in the background. */
    static final class RunningLoad implements Running {
        private final String name;
        private final LoadRun run;
        private final Path results;
        private final Timeline timeline;
        /** The simulation whose assertions are noted on the timeline when the run ends; null when they are not judged. */
        private final String judgedSimulation;
        private final AtomicReference<GatlingRuns.Result> result = new AtomicReference<>();
        private final AtomicReference<Throwable> crash = new AtomicReference<>();
        private final AtomicBoolean noted = new AtomicBoolean();
        private volatile Thread thread;

        RunningLoad(String name, LoadRun run, Path results, Timeline timeline, String judgedSimulation) {
            this.name = name;
            this.run = run;
            this.results = results;
            this.timeline = timeline;
            this.judgedSimulation = judgedSimulation;
        }

        void finished(java.util.function.Supplier<GatlingRuns.Result> gatling) {
            try {
                result.set(gatling.get());
            } catch (Throwable t) {   // Gatling throws for a crashed run; keep it for the report
                crash.set(t);
                LOG.log(Level.WARNING, name + " crashed", t);
            }
        }

        String outcome() {
            if (crash.get() != null) {
                return "crashed: " + crash.get();
            }
            GatlingRuns.Result r = result.get();
            return r == null ? "running" : "ended, " + r.assertions().size() + " assertion(s) judged";
        }

        /**
         * Ends the run (Gatling's controller stops the load generator) and waits, bounded, for its end: the requests in
         * flight, {@code simulation.log} and the assertions, which it notes on the timeline; the HTML report is written
         * by {@link #export}.
         */
        @Override
        public void stop() {
            run.stop();
            Thread t = thread;
            if (t != null && t.isAlive()) {
                try {
                    t.join(STOP_BOUND.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (t.isAlive()) {
                    LOG.warning(name + " did not end within " + STOP_BOUND + " after stop; its report may be missing");
                }
            }
            noteAssertions();
        }

        /** Once: the simulation's judged assertions, or why there are none, on the timeline ({@link GatlingAssertionsObjective}). */
        private void noteAssertions() {
            if (judgedSimulation == null || !noted.compareAndSet(false, true)) {
                return;
            }
            GatlingRuns.Result r = result.get();
            if (r != null) {
                GatlingAssertionsObjective.note(timeline, judgedSimulation, r.assertions());
            } else if (crash.get() != null) {
                GatlingAssertionsObjective.notEvaluated(timeline, judgedSimulation, "the Gatling run crashed: " + crash.get());
            } else {
                GatlingAssertionsObjective.notEvaluated(timeline, judgedSimulation, "the Gatling run did not end within "
                        + STOP_BOUND + " of the drill's stop");
            }
        }

        /** A load keeps no ledger: its requests are judged per phase from the timeline. */
        @Override
        public LedgerReport report(Timeline timeline) {
            return null;
        }

        /**
         * Writes Gatling's HTML report of the run into {@code folder/gatling/gatling-report.html}, one self-contained
         * file that opens offline ({@link GatlingReportFile}), and keeps {@code simulation.log} beside it. Returns empty: the report is no operation ledger.
         */
        @Override
        public Optional<Path> export(Path folder) {
            GatlingRuns.Result r = result.get();
            if (r == null || r.runFolder() == null) {
                return Optional.empty();
            }
            Path into = folder.resolve("gatling");
            try {
                if (!Files.isRegularFile(r.runFolder().resolve("index.html"))) {
                    GatlingRuns.report(r.runFolder());
                }
                GatlingReportFile.write(r.runFolder(), into.resolve("gatling-report.html"));
                Files.copy(r.runFolder().resolve("simulation.log"), into.resolve("simulation.log"),
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "Could not keep Gatling's report of " + r.runFolder() + " in " + into, e);
            }
            return Optional.empty();
        }

        /** Gatling's temporary results folder (removed by {@link #close}). */
        Path resultsFolder() {
            return results;
        }

        /** Stops the run and removes Gatling's temporary results folder (the report was kept by {@link #export}). */
        @Override
        public void close() {
            stop();
            if (!Files.exists(results)) {
                return;
            }
            try (Stream<Path> files = Files.walk(results)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Could not remove Gatling's results folder " + results, e);
            }
        }
    }
}
