package dev.firedrill.junit;

import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.HarnessClock;
import dev.firedrill.SafetyRails;
import dev.firedrill.StopSignal;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Verdict;
import dev.firedrill.measure.DrillAnalysis;
import dev.firedrill.report.Baseline;
import dev.firedrill.journal.FaultJournal;
import dev.firedrill.journal.Leftovers;
import dev.firedrill.report.BundleReporter;
import dev.firedrill.report.ConsoleSummary;
import dev.firedrill.report.DrillArtifacts;
import dev.firedrill.report.DrillCharts;
import dev.firedrill.report.Evidence;
import dev.firedrill.report.EvidenceReporter;
import dev.firedrill.report.RunFolder;
import dev.firedrill.report.Secrets;
import dev.firedrill.report.TimelineFiles;
import dev.firedrill.report.Reporter;
import dev.firedrill.report.ReporterProvider;
import dev.firedrill.report.Reporters;
import dev.firedrill.report.RunInfo;
import dev.firedrill.report.RunHistory;
import dev.firedrill.stack.Stack;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One run of drills in this JVM: its id, its folder {@code reports/<run id>/}, and its reporters.
 * Lives in the root extension store, so it ends (and writes the run's evidence) when the JUnit run ends.
 */
final class RunSession implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RunSession.class.getName());

    private final Path projectDir;
    private final String id;
    private final Instant startedAt = Instant.now();
    private final Path folder;
    private final String commit;
    private final String host;
    private final Map<String, String> images = new LinkedHashMap<>();
    private final Reporter reporter;
    private final Set<String> secrets;
    private String engine;
    private final String suite;
    private final dev.firedrill.report.Shard shard;
    private final List<String> shardUnits;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final Thread onShutdown = new Thread(this::finishOnShutdown, "firedrill-finish-run");
    private final FaultJournal journal;

    RunSession(Path projectDir, String id, Set<String> secrets, Reporter reporter) {
        this.secrets = secrets;
        String selected = System.getProperty("firedrill.suite", "").trim();
        this.suite = selected.isEmpty() || !System.getProperty("firedrill.drill.file", "").isBlank() ? null : selected;
        this.shard = ShardPlanning.shard().orElse(null);
        this.shardUnits = shard == null ? List.of() : ShardPlanning.plan(shard).unitsOf(shard);
        this.projectDir = projectDir;
        this.id = id;
        this.folder = projectDir.resolve("reports").resolve(id);
        this.commit = gitCommit(projectDir);
        this.host = hostName();
        this.reporter = reporter;
        // What a killed run left comes off first; then this run's faults are journalled before they act.
        Leftovers.undoDead(projectDir, System.err);
        this.journal = FaultJournal.open(Leftovers.folderOf(projectDir), id, leaseTtl());
        reporter.runStarted(info());
        if (shard != null) {
            // The plan every shard of the suite computed alike: kept in the bundle, compared by the merge.
            RunFolder.writeAtomically(folder.resolve(dev.firedrill.report.ShardMerge.PLAN_FILE), ShardPlanning.plan(shard).describe());
        }
        try {
            Runtime.getRuntime().addShutdownHook(onShutdown);
        } catch (IllegalStateException e) {
            LOG.fine("JVM already shutting down; the run is finished by its store");
        }
    }

    /**
     * Ctrl-C or SIGTERM mid-run: every running drill reverts its faults and is reported (interrupted), then the
     * run's reports are finished, so that an interrupted run still leaves its evidence and summary.
     */
    private void finishOnShutdown() {
        DrillRunner.abortAll("the JVM is shutting down (Ctrl-C or SIGTERM)", Duration.ofSeconds(60));
        finish();
    }

    /** The session for this JVM's run: run id from {@code firedrill.run.id}, else a new one. */
    static RunSession open() {
        String configuredId = System.getProperty("firedrill.run.id");
        String id = configuredId == null || configuredId.isBlank() ? Stack.newRunId() : configuredId;
        Set<String> secrets = ConcurrentHashMap.newKeySet();
        secrets.addAll(Secrets.valuesOf(System.getenv()));
        return new RunSession(projectDir(), id, secrets, standardReporters(secrets));
    }

    static Path projectDir() {
        String dir = System.getProperty("firedrill.project.dir");
        return dir == null || dir.isBlank() ? Path.of("").toAbsolutePath() : Path.of(dir);
    }

    /**
     * Evidence, console summary, run history, then what the modules on the classpath provide ({@link ReporterProvider}:
     * Allure's results and HTML report with {@code firedrill-allure}), and the bundle last; all mask the session's
     * secrets, which grow as stacks start.
     */
    static Reporter standardReporters(Set<String> secrets) {
        List<Reporter> reporters = new ArrayList<>(List.of(new EvidenceReporter(HarnessClock.system(), secrets),
                new SummaryFile(new ConsoleSummary(System.out, secrets)), new RunHistory()));
        for (ReporterProvider provider : ReporterProvider.onClasspath(RunSession.class.getClassLoader())) {
            reporters.addAll(provider.reporters(secrets));
        }
        // The bundle seals the run folder, so it comes after everything that writes into it.
        reporters.add(new BundleReporter(secrets, BundleReporter::configuredKey));
        return Reporters.of(reporters.toArray(Reporter[]::new));
    }

    /** The console summary, also kept as {@code summary.txt} in the run folder (the launcher prints it at the end). */
    private record SummaryFile(ConsoleSummary summary) implements Reporter {
        @Override
        public void drillFinished(RunInfo run, DrillResult result, DrillArtifacts artifacts) {
            summary.drillFinished(run, result, artifacts);
        }

        @Override
        public void runFinished(RunInfo run) {
            summary.runFinished(run);
            RunFolder.writeAtomically(run.folder().resolve("summary.txt"), summary.render(run));
        }
    }

    String id() {
        return id;
    }

    /** A runner for drills on {@code system} (a stack, or an external system): every result is written down and reported before it returns. */
    DrillRunner runner(SystemUnderTest system) {
        return runner(system, null);
    }

    /** As {@link #runner(SystemUnderTest)}, for the drills of shard unit {@code unit} (recorded in their evidence and history). */
    DrillRunner runner(SystemUnderTest system, String unit) {
        // With the services only defined for one-offs (Compose profiles): a migration's one-off runs with their settings.
        java.util.Set<String> configured = new java.util.LinkedHashSet<>(system.services());
        system.capability(dev.firedrill.capability.OneOffs.class).ifPresent(oneOffs -> configured.addAll(oneOffs.services()));
        for (String service : configured) {
            secrets.addAll(Secrets.valuesOf(system.environment(service)));
        }
        Map<String, String> running = system.images();
        if (!running.isEmpty()) {
            synchronized (images) {
                images.putAll(running);
                engine = engineDescription();
            }
        }
        Baseline baseline = Baseline.load(projectDir.resolve(Baseline.FILE));
        return DrillRunner.annotating(HarnessClock.system(), DrillAnalysis::analyse,
                (result, recording) -> report(system, result, recording, unit)).withStandingObjectives(baseline::objectivesFor)
                .withSafety(SafetyRails.none().stop(StopSignal.standard(projectDir, System.getenv())))
                .withJournal(journal);
    }

    /**
     * Keeps the output of a drill file's setup step ({@code stack.setup}, run before the drill's probes start) in the run
     * folder, masked, as a recovery step's output is kept: {@code <drill>/setup/NN-<step>.txt}, sealed with the rest.
     */
    public Path keepSetupOutput(String drillId, int index, String step, String output) {
        Path file = RunFolder.drillFolder(info(), drillId).resolve("setup")
                .resolve(String.format("%02d-%s.txt", index, RunFolder.fileName(step)));
        return RunFolder.writeAtomically(file, Secrets.mask(output == null ? "" : output, secrets));
    }

    /** Writes the drill's files, reports it, and returns it with the container logs named in the reason when it did not pass. */
    private DrillResult report(SystemUnderTest system, DrillResult result, DrillRunner.Recording recording, String unit) {
        RunInfo run = info();
        Path drillFolder = RunFolder.drillFolder(run, result.drillId());
        Path ledgerFile = null;
        Path timelineFile = null;
        Map<String, Path> logs = new LinkedHashMap<>();
        try {
            Files.createDirectories(drillFolder);
            List<Path> ledgers = recording.exportLedgers(drillFolder);
            ledgerFile = ledgers.isEmpty() ? null : ledgers.get(0);
            timelineFile = TimelineFiles.writeFor(run, result.drillId(), recording.timeline(), secrets);
            DrillCharts.writeFor(run, result, ledgerFile, secrets);
            var processes = system.capability(dev.firedrill.capability.ServiceProcesses.class);
            for (String service : processes.isPresent() ? system.services() : java.util.Set.<String>of()) {
                try {
                    logs.put(service, RunFolder.writeAtomically(drillFolder.resolve("logs").resolve(service + ".log"),
                            Secrets.mask(processes.get().logs(service), secrets)));
                } catch (RuntimeException e) {
                    LOG.log(Level.FINE, "No log for service " + service, e);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not write the files of drill " + result.drillId() + " under " + drillFolder, e);
        }
        // Step outputs are written (masked) by the evidence reporter.
        reporter.drillFinished(run, result, new DrillArtifacts(ledgerFile, timelineFile, Map.of(), logs, Evidence.targetsFrom(result.objectives()), unit));
        if (result.verdict() == Verdict.PASSED || logs.isEmpty()) {
            return result;
        }
        StringBuilder reason = new StringBuilder(result.reason() == null ? "" : result.reason()).append("\n  container logs attached:");
        logs.forEach((service, file) -> reason.append(' ').append(projectDir.relativize(file)));
        return result.withReason(reason.toString());
    }

    RunInfo info() {
        synchronized (images) {
            return new RunInfo(id, startedAt, folder, commit, host, engine == null ? "unknown" : engine, images, suite, shard, shardUnits);
        }
    }

    @Override
    public void close() {
        finish();
        try {
            Runtime.getRuntime().removeShutdownHook(onShutdown);
        } catch (IllegalStateException e) {
            // shutting down: the hook is running or will find the run finished
        }
    }

    private void finish() {
        if (closed.compareAndSet(false, true)) {
            try {
                reporter.runFinished(info());
            } finally {
                journal.close();
            }
        }
    }

    /**
     * How long a lease on Firedrill's fault proxy lasts unless renewed: {@code firedrill.lease.ttl.ms}, default 15 s. A
     * killed run's toxics are gone from that proxy within it.
     */
    static Duration leaseTtl() {
        String configured = System.getProperty("firedrill.lease.ttl.ms", "");
        try {
            long ms = configured.isBlank() ? 15_000 : Long.parseLong(configured.trim());
            if (ms < 300) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(ms);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("firedrill.lease.ttl.ms is '" + configured + "'; give whole milliseconds, 300 or more (default 15000)");
        }
    }

    /** Asked only once a stack runs, so that a run without Docker never waits for an engine. */
    private static String engineDescription() {
        try {
            var version = DockerClientFactory.instance().client().versionCmd().exec();
            return "Docker " + version.getVersion() + " (API " + version.getApiVersion() + ")";
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private static String gitCommit(Path dir) {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD").directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
