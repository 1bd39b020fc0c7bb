package dev.firedrill.load;

import dev.firedrill.LedgerReport;
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
     * Launches Gatling on its own thread and returns once its first request after the warm-up is recorded and
     * the baseline has passed (bounded).
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
        AtomicLong recorded = new AtomicLong();
        LoadBridge.Target target = new LoadBridge.Target(effective.path(), timeline.clock(), o -> {
            timeline.record(o);
            recorded.incrementAndGet();
        }, new AtomicBoolean());
        Map<String, String> properties = Map.of("load.baseUrl", baseUrl, "load.rate", Double.toString(effective.rate()),
                "load.writeShare", Double.toString(effective.writeShare()),
                "load.maxDuration", effective.maxDuration().toString(), "load.warmUp", effective.warmUp().toString());
        RunningLoad running = new RunningLoad(name(), target, results);
        Thread thread = new Thread(() -> running.finished(() -> GatlingRuns.run(LedgerSimulation.class.getName(), results,
                properties, target, name())), "firedrill-gatling");
        thread.setDaemon(true);
        running.thread = thread;
        thread.start();
        try {
            await("first Gatling request on " + service + ":" + port).atMost(START_BOUND).pollInterval(Duration.ofMillis(50))
                    .until(() -> recorded.get() > 0 || !thread.isAlive());
        } catch (ConditionTimeoutException e) {
            running.stop();
            throw new LoadException("Load on " + service + ":" + port + ": Gatling recorded no request within " + START_BOUND);
        }
        if (recorded.get() == 0) {
            throw new LoadException("Load on " + service + ":" + port + ": Gatling ended before its first request ("
                    + running.outcome() + ")", running.crash.get());
        }
        if (!effective.baseline().isZero()) {
            long until = System.nanoTime() + effective.baseline().toNanos();
            await("baseline of the load on " + service + ":" + port).atMost(effective.baseline().plus(START_BOUND))
                    .pollInterval(Duration.ofMillis(50)).until(() -> System.nanoTime() - until >= 0 || !thread.isAlive());
        }
        return running;
    }

    /** A Gatling run in the background. */
    private static final class RunningLoad implements Running {
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
         * Writes Gatling's HTML report of the run and copies it (with its scripts and styles, so it opens offline) into
         * {@code folder/gatling}. Returns empty: the report is no operation ledger.
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
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Gatling could not write the HTML report of " + r.runFolder(), e);
            }
            try (Stream<Path> files = Files.walk(r.runFolder())) {
                for (Path source : (Iterable<Path>) files::iterator) {
                    Path copy = into.resolve(r.runFolder().relativize(source).toString());
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Could not copy Gatling's report " + r.runFolder() + " to " + into, e);
            }
            return Optional.empty();
        }

        /** The Gatling report folder of the finished run, if any. */
        Optional<Path> reportFolder() {
            GatlingRuns.Result r = result.get();
            return r == null ? Optional.empty() : Optional.ofNullable(r.runFolder());
        }

        @Override
        public void close() {
            stop();
        }
    }
}
