package dev.firedrill.report.allure;

import dev.firedrill.report.ReporterProvider;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** With firedrill-allure on the classpath, every run gets its reporters; the core module alone has none to add. */
class AllureReportersTest {

    @Test
    void theAllureModuleAddsItsResultsThenItsHtmlReport() {
        assertThat(ReporterProvider.onClasspath(getClass().getClassLoader())).singleElement().isInstanceOf(AllureReporters.class);
        assertThat(new AllureReporters().reporters(Set.of("s3cret")))
                .hasExactlyElementsOfTypes(AllureReporter.class, AllureHtmlReporter.class);
    }
}
