package dev.firedrill.report.allure;

import dev.firedrill.DrillResult;
import dev.firedrill.report.DrillArtifacts;
import dev.firedrill.report.Reporter;
import dev.firedrill.report.RunInfo;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Renders the run's Allure results into {@code reports/<run id>/allure-report.html} when the run
 * ends: one file that opens from disk. Comes after {@link AllureReporter} (whose run files it
 * includes) and before the bundle reporter (which seals the report with the rest of the run).
 *
 * <p>Example: {@code Reporters.of(new AllureReporter(secrets), new AllureHtmlReporter(), bundle)}.
 */
public final class AllureHtmlReporter implements Reporter {

    private static final Logger LOG = Logger.getLogger(AllureHtmlReporter.class.getName());

    private final Supplier<Optional<AllureHtml>> renderer;
    private final Supplier<Path> resultsDirectory;
    private final Collection<String> secretValues;

    /**
     * The command line of {@code -Dfiredrill.allure.home}, the results directory of {@code allure.properties};
     * masks {@code secretValues}, a live collection the caller may add to.
     */
    public AllureHtmlReporter(Collection<String> secretValues) {
        this(AllureHtml::configured, AllureReporter::configuredResultsDirectory, secretValues);
    }

    /** Renders with {@code renderer} (none: the run has no HTML report, and says so) from {@code resultsDirectory}. */
    public AllureHtmlReporter(Supplier<Optional<AllureHtml>> renderer, Supplier<Path> resultsDirectory) {
        this(renderer, resultsDirectory, Set.of());
    }

    /** As above, masking {@code secretValues} in everything the report shows. */
    public AllureHtmlReporter(Supplier<Optional<AllureHtml>> renderer, Supplier<Path> resultsDirectory,
            Collection<String> secretValues) {
        this.renderer = Objects.requireNonNull(renderer, "renderer must not be null");
        this.resultsDirectory = Objects.requireNonNull(resultsDirectory, "resultsDirectory must not be null");
        this.secretValues = Objects.requireNonNull(secretValues, "secretValues must not be null");
    }

    @Override
    public void drillFinished(RunInfo run, DrillResult result, DrillArtifacts artifacts) {
        // Rendered once, when every drill's result is written.
    }

    @Override
    public void runFinished(RunInfo run) {
        Optional<AllureHtml> html = renderer.get();
        if (html.isEmpty()) {
            LOG.warning("Run " + run.id() + " has no HTML report: no Allure command line is configured (-D"
                    + AllureHtml.HOME_PROPERTY + " or " + AllureHtml.HOME_VARIABLE + "; ./drill and mvn verify set it)");
            return;
        }
        Path out = html.get().render(resultsDirectory.get(), run.startedAt(),
                run.folder().resolve(AllureHtml.REPORT_FILE), secretValues);
        LOG.info(() -> "HTML report of run " + run.id() + ": " + out);
    }
}
