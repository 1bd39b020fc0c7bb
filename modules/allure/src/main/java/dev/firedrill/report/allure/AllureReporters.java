package dev.firedrill.report.allure;

import com.google.auto.service.AutoService;
import dev.firedrill.report.Reporter;
import dev.firedrill.report.ReporterProvider;

import java.util.Collection;
import java.util.List;

/** What this module adds to every run: the Allure results, then the single-file HTML report rendered from them. */
@AutoService(ReporterProvider.class)
public final class AllureReporters implements ReporterProvider {

    @Override
    public List<Reporter> reporters(Collection<String> secrets) {
        return List.of(new AllureReporter(secrets), new AllureHtmlReporter(secrets));
    }
}
