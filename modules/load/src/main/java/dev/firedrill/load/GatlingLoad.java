package dev.firedrill.load;

import dev.firedrill.LedgerReport;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** {@link LedgerSimulation} as a drill {@link Workload}: Gatling on a background thread from start to stop. */
final class GatlingLoad implements Workload {

    private static final Logger LOG = Logger.getLogger(GatlingLoad.class.getName());
    /** Bound on Gatling's start (first run in a JVM: class loading, configuration, ~2-3 s). */
    static final Duration START_BOUND = Duration.ofSeconds(60);
    /** Bound on the end of the run after stop: requests in flight (request timeout 10 s) and the HTML report. */
    static final Duration STOP_BOUND = Duration.ofSeconds(60);
    private static final int STEADY_RUN = 5;

    private final String service;
    private final int port;
    private final LoadSettings settings;

    GatlingLoad(String service, int port, LoadSettings settings) {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("Load target service must not be blank");
        }
        this.service = service;
        this.port = port;
        this.settings = Objects.requireNonNull(settings, "load settings must not be null");
    }

    @Override
    public String name() {
        LoadSettings s = settings.overriddenBySystemProperties();
        return "Gatling " + LedgerSimulation.class.getSimpleName() + " on " + service + ":" + port + " at " + s.rate()
                + " requests/s, " + Math.round(s.writeShare() * 100) + " % writes";
    }

    /**
     * Launches Gatling on its own thread; returns after its warm-up (sent, not recorded), once the drill's
     * probes answer (bounded), and after the recorded baseline.
     */
    @Override
    public Running start(SystemUnderTest system, Timeline timeline) {
        LoadSettings effective = settings.overriddenBySystemProperties();
        String baseUrl = "http://" + system.endpoint(service, port);
        Path results;
        try {
            results = Files.createTempDirectory("firedrill-gatling-");
        } catch (IOException e) {
            throw new UncheckedIOException("Load on " + service + ": cannot create Gatling's results folder", e);
        }
        LoadBridge.Target target = new LoadBridge.Target(effective.path(), timeline.clock(), timeline::record,
                new AtomicBoolean(), new AtomicLong(Long.MAX_VALUE), new AtomicLong());
        Map<String, String> properties = Map.of("load.baseUrl", baseUrl, "load.rate", Double.toString(effective.rate()),
                "load.writeShare", Double.toString(effective.writeShare()),
                "load.maxDuration", effective.maxDuration().toString());
        RunningLoad running = new RunningLoad(name(), target, results);
        Thread thread = new Thread(() -> running.finished(() -> GatlingRuns.run(LedgerSimulation.class.getName(), results,
                properties, target, name())), "firedrill-gatling");
        thread.setDaemon(true);
        running.thread = thread;
        thread.start();
        String where = service + ":" + port;
        try {
            await("first Gatling request on " + where).atMost(START_BOUND).pollInterval(Duration.ofMillis(50))
                    .until(() -> target.finished().get() > 0 || !thread.isAlive());
            if (target.finished().get() == 0) {
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
            target.recordFromMono().set(timeline.clock().now().monotonicNanos());
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

    /** The last {@value #STEADY_RUN} observations of every other path (the drill's probes) succeeded within 1 s. */
    private static boolean probesAnswer(Timeline timeline, String loadPath) {
        for (String path : timeline.paths()) {
            if (path.equals(loadPath)) {
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
        private final LoadBridge.Target target;
        private final Path results;
        private final AtomicReference<GatlingRuns.Result> result = new AtomicReference<>();
        private final AtomicReference<Throwable> crash = new AtomicReference<>();
        private volatile Thread thread;

        RunningLoad(String name, LoadBridge.Target target, Path results) {
            this.name = name;
            this.target = target;
            this.results = results;
        }

        void finished(java.util.function.Supplier<GatlingRuns.Result> run) {
            try {
                result.set(run.get());
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
            return r == null ? "running" : "status " + r.statusCode();
        }

        /**
         * Ends the injection (the next virtual user stops the load generator) and waits, bounded, for the run's
         * end: the requests in flight and {@code simulation.log}; the HTML report is written by {@link #export}.
         */
        @Override
        public void stop() {
            target.stopRequested().set(true);
            Thread t = thread;
            if (t == null || !t.isAlive()) {
                return;
            }
            try {
                t.join(STOP_BOUND.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                LOG.warning(name + " did not end within " + STOP_BOUND + " after stop; its report may be missing");
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

        /** The Gatling report folder of the finished run, if any. */
        Optional<Path> reportFolder() {
            GatlingRuns.Result r = result.get();
            return r == null ? Optional.empty() : Optional.ofNullable(r.runFolder());
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
