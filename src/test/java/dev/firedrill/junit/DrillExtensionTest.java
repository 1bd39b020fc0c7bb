package dev.firedrill.junit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;

/** The extension through the JUnit Platform: fixture classes run by the engine test kit, no Docker needed. */
class DrillExtensionTest {

    static final List<String> RAN = new ArrayList<>();

    @TempDir
    static Path reports;

    @BeforeEach
    void clear() {
        RAN.clear();
        System.clearProperty("firedrill.suite");
        // The fixtures' run session writes its (empty) evidence here, not into the project's reports/.
        System.setProperty("firedrill.project.dir", reports.toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("firedrill.suite");
        System.clearProperty("firedrill.project.dir");
    }

    @Test
    void aSelectedSuiteRunsOnlyTheDrillsTaggedWithIt() {
        System.setProperty("firedrill.suite", "quarterly");

        Events classes = run(SmokeFixture.class, QuarterlyFixture.class).containerEvents();

        assertThat(RAN).containsExactly("quarterly");
        assertThat(classes.skipped().count()).isEqualTo(1);
        assertThat(classes.skipped().list().get(0).getPayload(String.class))
                .hasValueSatisfying(reason -> assertThat(reason).contains("not in suite 'quarterly'"));
    }

    @Test
    void withoutASuiteEveryDrillRuns() {
        Events tests = run(SmokeFixture.class, QuarterlyFixture.class).testEvents();

        tests.assertThatEvents().haveExactly(2, event(test(), finishedSuccessfully()));
        assertThat(RAN).containsExactlyInAnyOrder("smoke", "quarterly");
    }

    @Test
    void drillClassesCarryTheDrillTagAndTheirSuites() {
        var descriptor = EngineTestKit.engine("junit-jupiter").selectors(selectClass(SmokeFixture.class)).execute()
                .containerEvents().started().list().stream()
                .filter(e -> e.getTestDescriptor().getDisplayName().contains("SmokeFixture")).findFirst().orElseThrow()
                .getTestDescriptor();
        assertThat(descriptor.getTags()).extracting(Object::toString)
                .contains("drill", "smoke", "regression");
    }

    @Test
    void aJavaDrillWrittenAsAFileIsAnExampleInNoSuiteWhileItsCanFailVariantIsInTheSuite() {
        System.setProperty("firedrill.suite", "regression");
        run(WrittenAsFileFixture.class);
        assertThat(RAN).containsExactly("can-fail variant");

        RAN.clear();
        System.setProperty("firedrill.suite", "example");
        run(WrittenAsFileFixture.class);
        assertThat(RAN).containsExactly("java drill");
    }

    @Test
    void aJavaDrillWrittenAsAFileUnderASuiteTagStandsAsideNamingItsFile() {
        System.setProperty("firedrill.suite", "regression");

        Events tests = run(MisTaggedWrittenAsFileFixture.class).testEvents();

        assertThat(RAN).isEmpty();
        assertThat(tests.skipped().list()).singleElement().satisfies(e -> assertThat(e.getPayload(String.class))
                .hasValueSatisfying(reason -> assertThat(reason).isEqualTo(
                        "drills/D01-api-service-down.yml is this drill's canonical form and runs it in suite regression")));
    }

    @Test
    void misusingTheExtensionIsAConfigurationErrorNamingTheFieldAndTheFix() {
        assertThat(failureOf(NoDrillsAnnotationFixture.class))
                .isInstanceOf(org.junit.jupiter.api.extension.ExtensionConfigurationException.class)
                .hasMessageContaining("uses DrillExtension without @Drills").hasMessageContaining("annotate the class with @Drills");
        assertThat(failureOf(MissingComposeFixture.class))
                .isInstanceOf(org.junit.jupiter.api.extension.ExtensionConfigurationException.class)
                .hasMessageContaining("@Drills(compose = \"no-such-compose.yml\")").hasMessageContaining("no such file");
    }

    @Test
    void anyTagIsASuiteThatSelectsExactlyTheJavaDrillsTaggedWithIt() {
        System.setProperty("firedrill.suite", "payments-nightly");

        Events classes = run(SmokeFixture.class, NightlyFixture.class, QuarterlyFixture.class).containerEvents();

        assertThat(RAN).containsExactly("payments-nightly");
        assertThat(classes.skipped().count()).isEqualTo(2);
        assertThat(classes.failed().count()).as("the run found a drill").isZero();
    }

    @Test
    void aSuiteThatSelectsNoDrillFailsTheRunNamingTheSuite() {
        System.setProperty("firedrill.suite", "payments-nightli");

        Events containers = run(SmokeFixture.class, NightlyFixture.class).containerEvents();

        assertThat(RAN).isEmpty();
        assertThat(containers.failed().list()).singleElement().satisfies(e -> assertThat(
                e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow())
                .rootCause().hasMessageContaining("suite 'payments-nightli' selected no drill")
                .hasMessageContaining("no Java drill (a @Drills class or method) is tagged @Tag(\"payments-nightli\")")
                .hasMessageContaining("a run that drills nothing fails"));
    }

    @Test
    void aCatalogueSuiteRunsItsDrillFilesInItsFactoryAndASuiteOfYourOwnInTheOpenSuitesFactory() throws Exception {
        Path drills = java.nio.file.Files.createDirectories(reports.resolve("drills"));
        try {
            java.nio.file.Files.writeString(drills.resolve("N1.yml"), drillFile("N1", "[payments-nightly]"));
            java.nio.file.Files.writeString(drills.resolve("N2.yml"), drillFile("N2", "[smoke, payments-nightly]"));
            java.nio.file.Files.writeString(drills.resolve("S1.yml"), drillFile("S1", "[smoke]"));

            assertThat(dev.firedrill.Drill.RESERVED_TAGS).as("the factory's tag names no suite").contains(DrillFileSuite.OPEN_SUITES);
            System.setProperty("firedrill.suite", "payments-nightly");
            run(FileSuitesFixture.class);
            assertThat(RAN).containsExactlyInAnyOrder("open-suites: N1", "open-suites: N2");

            RAN.clear();
            System.setProperty("firedrill.suite", "smoke");
            run(FileSuitesFixture.class);
            assertThat(RAN).containsExactlyInAnyOrder("smoke: N2", "smoke: S1");

            RAN.clear();
            System.clearProperty("firedrill.suite");
            run(FileSuitesFixture.class);
            assertThat(RAN).as("with no suite, each file runs once").containsExactlyInAnyOrder("smoke: N2", "smoke: S1", "open-suites: N1");
        } finally {
            try (var files = java.nio.file.Files.list(drills)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    java.nio.file.Files.delete(f);
                }
            }
            java.nio.file.Files.delete(drills);
        }
    }

    private static String drillFile(String id, String suites) {
        return "id: " + id + "\ntitle: t\nsuites: " + suites + "\nsteady-state: {probes: [{probe: write}]}\n";
    }

    /** The exception that failed the fixture's only test, unwrapped from JUnit's parameter resolution. */
    private static Throwable failureOf(Class<?> fixture) {
        Throwable thrown = run(fixture).testEvents().failed().list().get(0)
                .getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
        while (!(thrown instanceof org.junit.jupiter.api.extension.ExtensionConfigurationException) && thrown.getCause() != null) {
            thrown = thrown.getCause();
        }
        return thrown;
    }

    private static org.junit.platform.testkit.engine.EngineExecutionResults run(Class<?>... fixtures) {
        var request = EngineTestKit.engine("junit-jupiter");
        for (Class<?> fixture : fixtures) {
            request = request.selectors(selectClass(fixture));
        }
        return request.execute();
    }

    @Drills
    @Smoke
    @Regression
    static class SmokeFixture {
        @Test
        void drill() {
            RAN.add("smoke");
        }
    }

    @Drills
    static class WrittenAsFileFixture {
        @Test
        @WrittenAsFile("drills/D01-api-service-down.yml")
        void javaDrill() {
            RAN.add("java drill");
        }

        @Test
        @Regression
        void canFailVariant() {
            RAN.add("can-fail variant");
        }
    }

    @Drills
    @Regression
    static class MisTaggedWrittenAsFileFixture {
        @Test
        @WrittenAsFile("drills/D01-api-service-down.yml")
        void javaDrill() {
            RAN.add("java drill");
        }
    }

    @Drills
    @Quarterly
    static class QuarterlyFixture {
        @Test
        void drill() {
            RAN.add("quarterly");
        }
    }

    @Drills
    @org.junit.jupiter.api.Tag("payments-nightly")
    static class NightlyFixture {
        @Test
        void drill() {
            RAN.add("payments-nightly");
        }
    }

    /** Records the drill files each factory would run; runs none (no stack starts). */
    @Drills
    static class FileSuitesFixture {
        @org.junit.jupiter.api.TestFactory
        @Smoke
        java.util.stream.Stream<org.junit.jupiter.api.DynamicNode> smoke(DrillFileSuite files) {
            record("smoke", files.tests("smoke"));
            return java.util.stream.Stream.empty();
        }

        @org.junit.jupiter.api.TestFactory
        @org.junit.jupiter.api.Tag(DrillFileSuite.OPEN_SUITES)
        java.util.stream.Stream<org.junit.jupiter.api.DynamicNode> openSuites(DrillFileSuite files) {
            record("open-suites", files.openSuites());
            return java.util.stream.Stream.empty();
        }

        private static void record(String factory, java.util.stream.Stream<org.junit.jupiter.api.DynamicNode> nodes) {
            nodes.flatMap(n -> ((org.junit.jupiter.api.DynamicContainer) n).getChildren())
                    .forEach(t -> RAN.add(factory + ": " + t.getDisplayName().split(" ")[0]));
        }
    }

    @org.junit.jupiter.api.extension.ExtendWith(DrillExtension.class)
    static class NoDrillsAnnotationFixture {
        @Test
        void drill(dev.firedrill.stack.Stack stack) {
            RAN.add("should not run");
        }
    }

    @Drills(compose = "no-such-compose.yml")
    static class MissingComposeFixture {
        @Test
        void drill(dev.firedrill.stack.Stack stack) {
            RAN.add("should not run");
        }
    }
}
