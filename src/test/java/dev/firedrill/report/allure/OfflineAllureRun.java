package dev.firedrill.report.allure;

import dev.firedrill.DrillResult;
import dev.firedrill.Verdict;
import dev.firedrill.report.DrillArtifacts;
import dev.firedrill.report.RunInfo;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.TestResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Allure results for drill results without a JUnit run: one Allure test per drill, reported by the
 * real {@link AllureReporter} into a real lifecycle that writes {@code resultsDir}, as the JUnit
 * adapter would during a run. For the HTML report's test and benchmark.
 */
public final class OfflineAllureRun {

    private final Path resultsDir;
    private final AllureLifecycle lifecycle;
    private final AllureReporter reporter;

    public OfflineAllureRun(Path resultsDir, Set<String> secrets) {
        this.resultsDir = resultsDir;
        this.lifecycle = new AllureLifecycle(new FileSystemResultsWriter(resultsDir));
        this.reporter = new AllureReporter(lifecycle, secrets, resultsDir);
    }

    /** Reports {@code result} inside a test named after the drill, ended with the drill's verdict. */
    public void drill(RunInfo run, DrillResult result, DrillArtifacts artifacts) {
        String uuid = UUID.randomUUID().toString();
        List<Label> labels = new ArrayList<>(List.of(new Label().setName("suite").setValue("OfflineAllureRun")));
        lifecycle.scheduleTestCase(new TestResult().setUuid(uuid).setName(result.drillId() + " " + result.title())
                .setFullName("dev.firedrill.drills." + result.drillId()).setHistoryId(result.drillId()).setLabels(labels));
        lifecycle.startTestCase(uuid);
        try {
            reporter.drillFinished(run, result, artifacts);
            lifecycle.updateTestCase(uuid, t -> t.setStatus(status(result.verdict())));
        } finally {
            lifecycle.stopTestCase(uuid);
            lifecycle.writeTestCase(uuid);
        }
    }

    /** The run's categories, environment and executor files. */
    public void finish(RunInfo run) {
        reporter.runFinished(run);
    }

    public Path resultsDir() {
        return resultsDir;
    }

    private static Status status(Verdict verdict) {
        return AllureReporter.status(verdict);
    }
}
