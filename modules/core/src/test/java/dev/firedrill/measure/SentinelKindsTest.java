package dev.firedrill.measure;

import dev.firedrill.Drill;
import dev.firedrill.spec.DrillFileException;
import dev.firedrill.spec.DrillFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer redis-sentinel and the probe redis-sentinel-write in drill files: the values the Java DSL builds. */
class SentinelKindsTest {

    private static final List<String> SENTINELS = List.of("sentinel-1", "sentinel-2", "sentinel-3");

    private static String file(String probe, String workload) {
        return """
                id: S
                title: Sentinel
                steady-state:
                  probes: [%s]
                workload: %s
                faults:
                  - {kind: kill, target: redis-1}
                """.formatted(probe, workload);
    }

    private static Drill parse(String probe, String workload) {
        return DrillFiles.parse(Path.of("drills/s.yml"), file(probe, workload)).drill();
    }

    private static String rejected(String probe, String workload) {
        try {
            parse(probe, workload);
        } catch (DrillFileException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the file to be rejected: " + probe + " / " + workload);
    }

    private static final String PROBE = "{probe: redis-sentinel-write, sentinels: [sentinel-1, sentinel-2, sentinel-3]}";
    private static final String WRITER = "{writer: redis-sentinel, sentinels: [sentinel-1, sentinel-2, sentinel-3], master: mymaster}";

    @Test
    void theProbeIsTheJavaProbeOnPathWriteByDefaultOrItsName() {
        assertThat(parse(PROBE, WRITER).probes()).containsExactly(Probes.redisSentinelWrite(SENTINELS, "mymaster"));
        assertThat(parse("{probe: redis-sentinel-write, name: primary-write, sentinels: [s-a], master: cache}", WRITER).probes())
                .containsExactly(new SentinelWriteProbe("primary-write", List.of("s-a"), "cache"));
    }

    @Test
    void theWriterIsTheJavaWorkloadAskingAfterAFailureByDefault() {
        Drill drill = parse(PROBE, WRITER.replace("}", ", warm-up: 5s}"));

        assertThat(drill.workloads()).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo(Workloads.redisSentinelKeys(SENTINELS, "mymaster", LedgerAnalysis.RestoreMode.NONE).name())
                    .isEqualTo("keys into the primary of mymaster (Sentinels sentinel-1, sentinel-2, sentinel-3)");
            assertThat(w.warmUp()).hasSeconds(5);
            assertThat(Workloads.restoreMode(w)).contains(LedgerAnalysis.RestoreMode.NONE);
        });
        assertThat(parse(PROBE, WRITER.replace("}", ", asking: before-every-write}")).workloads()).singleElement()
                .satisfies(w -> assertThat(w.name()).endsWith(", asked before every write"));
    }

    @Test
    void aWrongAskingNoSentinelsOrABlankMasterIsRefusedWhenTheFileIsRead() {
        assertThat(rejected(PROBE, WRITER.replace("}", ", asking: sometimes}")))
                .contains("workload.asking").contains("before-every-write, after-a-failure");
        assertThat(rejected(PROBE, WRITER.replace("[sentinel-1, sentinel-2, sentinel-3]", "[]")))
                .contains("needs at least one Sentinel service");
        assertThat(rejected(PROBE.replace("[sentinel-1, sentinel-2, sentinel-3]", "[sentinel-1, sentinel-1]"), WRITER))
                .contains("named once each");
        assertThat(rejected(PROBE, WRITER.replace("master: mymaster", "master: ' '"))).contains("workload.master").contains("must not be empty");
        assertThat(rejected(PROBE.replace(", sentinels: [sentinel-1, sentinel-2, sentinel-3]", ""), WRITER))
                .contains("sentinels");
    }

    @Test
    void askingIsWrittenAsTheFileWritesIt() {
        assertThat(SentinelPrimary.Asking.names()).containsExactly("before-every-write", "after-a-failure");
        assertThat(SentinelPrimary.Asking.parse(" After-A-Failure")).isEqualTo(SentinelPrimary.Asking.AFTER_A_FAILURE);
    }
}
