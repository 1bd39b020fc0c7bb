package dev.firedrill.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReporterProviderTest {

    @Test
    void theCoreModuleAloneProvidesNoReporterBeyondItsOwn() {
        assertThat(ReporterProvider.onClasspath(getClass().getClassLoader())).isEmpty();
    }
}
