package dev.firedrill.report.allure;

import dev.firedrill.DrillResult;
import dev.firedrill.FailureWindow;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.RecoveryMeasurement;
import dev.firedrill.StepRecord;
import dev.firedrill.monitoring.AlertHistory;
import dev.firedrill.TimePoint;
import dev.firedrill.Verdict;
import dev.firedrill.report.DrillArtifacts;
import dev.firedrill.report.DrillCharts;
import dev.firedrill.report.Evidence;
import dev.firedrill.report.Reporter;
import dev.firedrill.report.RunInfo;
import dev.firedrill.report.Secrets;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.util.PropertiesUtils;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Puts each finished drill into the Allure test that is running on the calling thread: one step per
 * drill with a sub-step per drill step (their real start and stop times and outcomes), as parameters
 * the objectives and the main path's failure windows, failed total and outage as observed,
 * {@code epic}/{@code feature}/{@code suite}/{@code tag} labels, and the drill's evidence record
 * (every path's windows among it), step outputs and container logs as attachments. Like Allure itself it
 * takes no effect if no test is running, and it never changes the test's status: the verdict is the
 * test's own.
 *
 * <p>Example: {@code Reporters.of(new EvidenceReporter(), new AllureReporter())}.
 */
public final class AllureReporter implements Reporter {

    private static final Logger LOG = Logger.getLogger(AllureReporter.class.getName());

    /** Larger files are attached by their last this-many bytes, so one huge log cannot swamp the report. */
    static final int MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;

    private final Supplier<AllureLifecycle> lifecycle;
    private final Collection<String> secretValues;
    private final Supplier<Path> resultsDirectory;

    /** Reports into {@link Allure#getLifecycle()}, masking the values of this process's secret-named environment variables. */
    public AllureReporter() {
        this(Allure::getLifecycle, Secrets.valuesOf(System.getenv()));
    }

    /** Reports into {@link Allure#getLifecycle()}, masking {@code secretValues}, a live collection the caller may add to. */
    public AllureReporter(Collection<String> secretValues) {
        this(Allure::getLifecycle, secretValues);
    }

    /** Reports into {@code lifecycle}, masking {@code secretValues} (and passwords in URLs) in every text it adds. */
    public AllureReporter(AllureLifecycle lifecycle, Collection<String> secretValues) {
        this(() -> lifecycle, secretValues, AllureReporter::configuredResultsDirectory);
        Objects.requireNonNull(lifecycle, "lifecycle must not be null");
    }

    /** As above, writing the run's categories, environment and executor files into {@code resultsDirectory}. */
    public AllureReporter(AllureLifecycle lifecycle, Collection<String> secretValues, Path resultsDirectory) {
        this(() -> lifecycle, secretValues, () -> resultsDirectory);
        Objects.requireNonNull(lifecycle, "lifecycle must not be null");
        Objects.requireNonNull(resultsDirectory, "resultsDirectory must not be null");
    }

    private AllureReporter(Supplier<AllureLifecycle> lifecycle, Collection<String> secretValues) {
        this(lifecycle, secretValues, AllureReporter::configuredResultsDirectory);
    }

    private AllureReporter(Supplier<AllureLifecycle> lifecycle, Collection<String> secretValues,
            Supplier<Path> resultsDirectory) {
        this.lifecycle = lifecycle;
        this.resultsDirectory = resultsDirectory;
        this.secretValues = Objects.requireNonNull(secretValues, "secretValues must not be null");   // live: later additions are masked too
    }

    /** The results directory of {@code allure.properties} ({@code allure.results.directory}), as Allure itself reads it. */
    static Path configuredResultsDirectory() {
        return Path.of(PropertiesUtils.loadAllureProperties().getProperty("allure.results.directory", "allure-results"));
    }

    /** Writes {@code categories.json}, {@code environment.properties} and {@code executor.json} next to the results. */
    @Override
    public void runFinished(RunInfo run) {
        AllureRunFiles.write(resultsDirectory.get(), run, secretValues);
    }

    @Override
    public void drillFinished(RunInfo run, DrillResult result, DrillArtifacts artifacts) {
        AllureLifecycle allure = lifecycle.get();
        if (allure.getCurrentTestCase().isEmpty()) {
            LOG.fine(() -> "No Allure test is running on thread " + Thread.currentThread().getName()
                    + "; drill " + result.drillId() + " is not added to Allure");
            return;
        }
        DrillArtifacts a = artifacts == null ? DrillArtifacts.none() : artifacts;
        allure.updateTestCase(test -> {
            labels(test, result);
            parameters(test, result);
        });
        drillStep(allure, run, result, a);
    }

    private void labels(TestResult test, DrillResult result) {
        List<Label> labels = test.getLabels();
        addLabel(labels, "epic", result.drillId());
        addLabel(labels, "feature", result.title());
        if (result.verdict() == dev.firedrill.Verdict.FAILED_AS_EXPECTED) {
            // A can-fail variant: its test passed, and the overview shows it apart from the drills that passed.
            addLabel(labels, "tag", "failed as it must");
            test.setStatusDetails(new io.qameta.allure.model.StatusDetails().setMessage(result.reason()));
        }
        if (!result.suites().isEmpty()) {
            // The drill's suites replace the test class as the suite; the class stays as the sub-suite.
            List<Label> classSuites = labels.stream().filter(l -> "suite".equals(l.getName())).toList();
            labels.removeAll(classSuites);
            if (labels.stream().noneMatch(l -> "subSuite".equals(l.getName()))) {
                classSuites.stream().findFirst().ifPresent(l -> addLabel(labels, "subSuite", l.getValue()));
            }
            for (String suite : result.suites()) {
                addLabel(labels, "suite", suite);
                addLabel(labels, "tag", suite);
            }
        }
    }

    private static void addLabel(List<Label> labels, String name, String value) {
        boolean present = labels.stream().anyMatch(l -> name.equals(l.getName()) && value.equals(l.getValue()));
        if (!present) {
            labels.add(new Label().setName(name).setValue(value));
        }
    }

    private void parameters(TestResult test, DrillResult result) {
        List<Parameter> parameters = test.getParameters();
        for (ObjectiveResult o : result.objectives()) {
            addParameter(parameters, result, o.name(), parameterValue(o));
        }
        Evidence.mainRecovery(result.measurements()).ifPresent(r -> {
            String path = "(" + r.path() + ")";
            addParameter(parameters, result, "failure-windows" + path, windowsValue(r));
            boolean open = !r.windows().isEmpty() && !r.windows().get(r.windows().size() - 1).closed();
            addParameter(parameters, result, "failed-total" + path, r.failedTotal().toMillis() + " ms"
                    + (open ? " in the closed windows, " : ", ") + r.failures() + (r.failures() == 1 ? " failure" : " failures"));
            addParameter(parameters, result, "outage-observed" + path,
                    r.outageObserved() == null ? "not measured" : r.outageObserved().toMillis() + " ms");
        });
    }

    /** Adds a parameter, named after the drill too when an earlier drill of the same test has one of that name. */
    private void addParameter(List<Parameter> parameters, DrillResult result, String name, String value) {
        String shown = parameters.stream().anyMatch(p -> name.equals(p.getName())) ? result.drillId() + " " + name : name;
        // Measured values change from run to run: excluded, so Allure keeps the test's history.
        parameters.add(new Parameter().setName(shown).setValue(mask(value)).setExcluded(true));
    }

    /**
     * "2: 2026-01-01T00:00:02Z for 1010 ms (11 failures); 2026-01-01T00:00:05Z for 1410 ms (14 failures)", a window
     * that never closed "... until the end (3 failures)"; "none" when the path never failed.
     */
    static String windowsValue(RecoveryMeasurement r) {
        if (r.windows().isEmpty()) {
            return "none";
        }
        StringBuilder sb = new StringBuilder().append(r.windows().size()).append(": ");
        for (int i = 0; i < r.windows().size(); i++) {
            FailureWindow w = r.windows().get(i);
            sb.append(i == 0 ? "" : "; ").append(w.start().wall()).append(w.closed()
                    ? " for " + w.duration().toMillis() + " ms" : " until the end").append(" (").append(w.failures())
                    .append(w.failures() == 1 ? " failure)" : " failures)");
        }
        return sb.toString();
    }

    /** "12345 ms vs ≤ 45000 ms (passed)", or "not measured vs ≤ 45000 ms (missed)". */
    static String parameterValue(ObjectiveResult o) {
        String measured = o.measured() == null ? "not measured" : o.measured() + " " + o.unit();
        return measured + " vs " + o.target() + " " + o.unit() + " (" + (o.passed() ? "passed" : "missed") + ")";
    }

    private void drillStep(AllureLifecycle allure, RunInfo run, DrillResult result, DrillArtifacts a) {
        String uuid = UUID.randomUUID().toString();
        StepResult drill = new StepResult()
                .setName("Drill " + result.drillId() + " " + result.title() + ": " + result.verdict().id())
                .setStatus(status(result.verdict()));
        if (result.reason() != null && !result.reason().isBlank()) {
            drill.setStatusDetails(new StatusDetails().setMessage(mask(result.reason())));
        }
        allure.startStep(uuid, drill);
        try {
            List<StepRecord> steps = result.steps();
            for (int i = 0; i < steps.size(); i++) {
                step(allure, steps.get(i), a.stepOutputs().get(DrillArtifacts.stepKey(steps, i)));
            }
            alertSteps(allure, result);
            String evidence = Evidence.toJson(Evidence.drill(run, result, a), secretValues);
            allure.addAttachment("evidence " + result.drillId(), "application/json", ".json",
                    evidence.getBytes(StandardCharsets.UTF_8));
            charts(allure, result, a);
            for (Map.Entry<String, Path> log : a.containerLogs().entrySet()) {
                readText(log.getValue()).ifPresent(text -> allure.addAttachment(log.getKey() + ".log", "text/plain",
                        ".log", mask(text).getBytes(StandardCharsets.UTF_8)));
            }
        } finally {
            allure.stopStep(uuid);
            // Allure stamps start and stop with "now"; the drill's own times are the true ones.
            times(drill, result.startedAt(), result.finishedAt());
        }
    }

    /** The timeline and ledger charts as SVG attachments; a chart that cannot be drawn is logged, never fatal. */
    private void charts(AllureLifecycle allure, DrillResult result, DrillArtifacts a) {
        try {
            allure.addAttachment("timeline chart " + result.drillId(), "image/svg+xml", ".svg",
                    mask(DrillCharts.timeline(result)).getBytes(StandardCharsets.UTF_8));
            DrillCharts.ledger(result, a.ledgerFile()).ifPresent(svg -> allure.addAttachment("ledger chart " + result.drillId(),
                    "image/svg+xml", ".svg", mask(svg).getBytes(StandardCharsets.UTF_8)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not draw the charts of drill " + result.drillId() + ": " + e, e);
        }
    }

    /**
     * One step per alert the drill's watch saw: its changes in order (Prometheus, Alertmanager, deliveries), from the first
     * to the last; failed when an objective on that alert missed.
     */
    private void alertSteps(AllureLifecycle allure, DrillResult result) {
        Map<String, java.util.List<AlertHistory.Change>> byAlert = new java.util.LinkedHashMap<>();
        AlertHistory.of(result.measurements().timeline()).changes(null, Map.of())
                .forEach(c -> byAlert.computeIfAbsent(c.event().identity(), k -> new java.util.ArrayList<>()).add(c));
        for (Map.Entry<String, java.util.List<AlertHistory.Change>> e : byAlert.entrySet()) {
            String alert = e.getValue().get(0).event().alert();
            boolean missed = result.objectives().stream().anyMatch(o -> !o.passed() && o.name().endsWith("(" + alert + ")"));
            String changes = e.getValue().stream().map(c -> c.event().source().id() + " " + c.event().state() + " " + c.at().wall())
                    .collect(java.util.stream.Collectors.joining("\n"));
            String uuid = UUID.randomUUID().toString();
            StepResult step = new StepResult().setName("alert " + e.getKey() + ": " + e.getValue().stream()
                            .map(c -> c.event().source().id() + " " + c.event().state()).distinct().collect(java.util.stream.Collectors.joining(", ")))
                    .setStatus(missed ? Status.FAILED : Status.PASSED);
            allure.startStep(uuid, step);
            try {
                allure.addAttachment("alert " + alert + " changes", "text/plain", ".txt", mask(changes).getBytes(StandardCharsets.UTF_8));
            } finally {
                allure.stopStep(uuid);
                times(step, e.getValue().get(0).at(), e.getValue().get(e.getValue().size() - 1).at());
            }
        }
    }

    private void step(AllureLifecycle allure, StepRecord s, Path outputFile) {
        String uuid = UUID.randomUUID().toString();
        StepResult step = new StepResult().setName(s.name()).setStatus(status(s.outcome()));
        allure.startStep(uuid, step);
        try {
            Optional<String> output = outputFile != null ? readText(outputFile)
                    : s.output().isEmpty() ? Optional.empty() : Optional.of(s.output());
            output.ifPresent(text -> allure.addAttachment(s.name() + " output", "text/plain", ".txt",
                    mask(text).getBytes(StandardCharsets.UTF_8)));
        } finally {
            allure.stopStep(uuid);
            times(step, s.startedAt(), s.finishedAt());
        }
    }

    private static void times(StepResult step, TimePoint start, TimePoint stop) {
        step.setStart(start.wall().toEpochMilli());
        step.setStop(stop.wall().toEpochMilli());
    }

    /** The Allure status of a verdict; a failed drill is a failed step, whatever the test makes of it. */
    static Status status(Verdict verdict) {
        return switch (verdict) {
            case PASSED -> Status.PASSED;
            case FAILED -> Status.FAILED;
            // The JUnit test that asserts "must fail" passed: so does the drill's result, with its own category and label.
            case FAILED_AS_EXPECTED -> Status.PASSED;
            case BROKEN -> Status.BROKEN;
            case SKIPPED -> Status.SKIPPED;
        };
    }

    /** The Allure status of a step outcome ("passed", "failed", "broken", "skipped"); unknown outcomes have none. */
    static Status status(String outcome) {
        return switch (outcome.toLowerCase(Locale.ROOT)) {
            case "passed", "ok", "success", "succeeded" -> Status.PASSED;
            case "failed", "failure" -> Status.FAILED;
            case "broken", "error" -> Status.BROKEN;
            case "skipped" -> Status.SKIPPED;
            default -> null;
        };
    }

    private String mask(String text) {
        return Secrets.mask(text, secretValues);
    }

    private static Optional<String> readText(Path file) {
        try {
            long size = Files.size(file);
            if (size <= MAX_ATTACHMENT_BYTES) {
                return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            }
            try (InputStream in = Files.newInputStream(file)) {
                in.skipNBytes(size - MAX_ATTACHMENT_BYTES);
                return Optional.of("[first " + (size - MAX_ATTACHMENT_BYTES) + " bytes of " + file.getFileName()
                        + " left out]\n" + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not attach " + file + " to Allure: " + e);
            return Optional.empty();
        }
    }
}
