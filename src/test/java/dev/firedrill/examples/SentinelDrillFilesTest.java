package dev.firedrill.examples;

import dev.firedrill.Drill;
import dev.firedrill.spec.DrillFile;
import dev.firedrill.spec.DrillFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.firedrill.drills.DrillFilesTest.assertSameDrill;
import static org.assertj.core.api.Assertions.assertThat;

/** The Sentinel example's drill files are the Java drills of SentinelExampleIT, on the example's stack, in suite examples. */
class SentinelDrillFilesTest {

    private static final Path FOLDER = Path.of("examples/sentinel/drills");

    private static DrillFile file(String name) {
        return DrillFiles.read(FOLDER.resolve(name));
    }

    @Test
    void s01IsTheJavaDrillOnWhicheverNodeIsPrimary() {
        assertSameDrill(file("S01-primary-killed.yml").drill(), SentinelExampleIT.primaryKilled(Duration.ofSeconds(15)));
    }

    @Test
    void itsCanFailVariantAsksAnRtoBelowSentinelsDetectionAndMustMissIt() {
        Drill variant = file("S01-rto-below-detection.yml").drill();
        Drill java = SentinelExampleIT.primaryKilled(Duration.ofMillis(500)).toBuilder()
                .id("S01-rto-below-detection").title("Redis primary killed, RTO asked below Sentinel's detection time")
                .expectFailure("rto(write)").build();

        assertSameDrill(variant, java);
        assertThat(variant.expectsFailure()).isTrue();
        assertThat(variant.mustMiss()).isEqualTo(java.mustMiss()).containsExactly("rto(write)");
    }

    /** Each file starts a fresh stack of the example (a whole system when it starts: three nodes, three Sentinels) and is in suite examples. */
    @Test
    void everyFileRunsOnAFreshStackOfTheExampleInSuiteExamples() {
        List<Path> files = DrillFiles.list(FOLDER);
        assertThat(files).hasSize(2);
        for (Path f : files) {
            DrillFile read = DrillFiles.read(f);
            assertThat(read.stack().compose()).as(f.toString()).containsExactly("examples/sentinel/docker-compose.yml");
            assertThat(read.stack().fresh()).as(f + ": redis-1 must be the primary when it starts").isTrue();
            assertThat(read.drill().suites()).as(f.toString()).containsExactly("examples");
        }
    }
}
