package dev.firedrill.spec;

import dev.firedrill.Drill;
import dev.firedrill.Objective;
import dev.firedrill.measure.Slos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A drill takes its RTO and RPO targets from the DR policy unless it sets its own. */
class DrPolicyTest {

    private static final String DRILL = """
            id: X2
            title: Policy example
            suites: [quarterly]
            disruption: data-loss
            steady-state:
              probes: [{probe: write}]
            workload: {writer: ledger}
            faults: [{kind: kill, target: ledger}]
            recovery: [{procedure: restart, target: ledger}]
            """;

    private static DrPolicy policy(Path dir, String text) throws IOException {
        Path file = dir.resolve("dr-policy.yml");
        Files.writeString(file, text);
        return DrPolicy.read(file);
    }

    @Test
    void aDrillWithoutTargetsTakesThoseOfItsDisruptionKind(@TempDir Path dir) throws IOException {
        DrPolicy p = policy(dir, "default: {rpo-lost-writes: 0}\ndisruptions:\n  data-loss: {rto: 4h, rpo-window: 15m}\n");
        Drill drill = p.apply(DrillFiles.parse(Path.of("x.yml"), DRILL));
        assertThat(drill.objectives()).containsExactly(Objective.from("policy dr-policy.yml (data-loss)", Slos.rto("write", Duration.ofHours(4))),
                Objective.from("policy dr-policy.yml (default)", Slos.noAcknowledgedWritesLost()),
                Objective.from("policy dr-policy.yml (data-loss)", Slos.rpoWindowAtMost(Duration.ofMinutes(15))));
        assertThat(drill.objectives()).extracting(Objective::source).as("for the exercise record: each target's source")
                .containsExactly("policy dr-policy.yml (data-loss)", "policy dr-policy.yml (default)", "policy dr-policy.yml (data-loss)");
    }

    @Test
    void theDrillsOwnTargetsWinOverThePolicy(@TempDir Path dir) throws IOException {
        DrPolicy p = policy(dir, "disruptions:\n  data-loss: {rto: 4h, rpo-window: 15m}\n");
        Drill drill = p.apply(DrillFiles.parse(Path.of("x.yml"), DRILL
                + "objectives:\n  - {objective: rto, max: 2m}\n  - {objective: rpo-window, max: 5s}\n"));
        assertThat(drill.objectives()).containsExactly(Slos.rto("write", Duration.ofMinutes(2)), Slos.rpoWindowAtMost(Duration.ofSeconds(5)));
    }

    @Test
    void keysWrittenIntoRedisAreWritesTheRpoTargetsApplyTo(@TempDir Path dir) throws IOException {
        DrPolicy p = policy(dir, "disruptions:\n  data-loss: {rpo-window: 15m}\n");
        Drill drill = p.apply(DrillFiles.parse(Path.of("x.yml"), DRILL.replace("{probe: write}", "{probe: redis-key}")
                .replace("{writer: ledger}", "{writer: redis, restore: backup}").replace("target: ledger", "target: redis")));
        assertThat(drill.objectives()).containsExactly(Objective.from("policy dr-policy.yml (data-loss)", Slos.rpoWindowAtMost(Duration.ofMinutes(15))));
    }

    @Test
    void anUnknownDisruptionKindNamesTheKindsOfThePolicy(@TempDir Path dir) throws IOException {
        DrPolicy p = policy(dir, "disruptions:\n  data-loss: {rto: 4h}\n  site-loss: {rto: 4h}\n");
        assertThatThrownBy(() -> p.apply(DrillFiles.parse(Path.of("x.yml"), DRILL.replace("data-loss", "data-los"))))
                .hasMessageContaining("disruption 'data-los'").hasMessageContaining("did you mean 'data-loss'")
                .hasMessageContaining("kinds: data-loss, site-loss");
    }

    @Test
    void aMalformedPolicyNamesLineAndField(@TempDir Path dir) {
        assertThatThrownBy(() -> policy(dir, "disruptions:\n  data-loss: {rto: 4, rpo-windw: 15m}\n"))
                .isInstanceOf(DrillFileException.class)
                .hasMessageContaining("dr-policy.yml:2:")
                .hasMessageContaining("disruptions.data-loss.rpo-windw: unknown key")
                .hasMessageContaining("disruptions.data-loss.rto: the duration 4 has no unit");
    }

    @Test
    void theShippedPolicyReadsAndLeavesTheCatalogueDrillsTheirOwnTargets() {
        DrPolicy p = DrPolicy.read(Path.of("drills/dr-policy.yml"));
        for (Path f : DrillFiles.list(Path.of("drills"))) {
            DrillFile file = DrillFiles.read(f);
            Drill judged = p.apply(file);
            assertThat(judged.objectives()).as(f.toString()).containsAll(file.drill().objectives());
            assertThat(judged.objectives().stream().map(Objective::name).filter(n -> n.startsWith("rto") || n.startsWith("ttr")).count())
                    .as(f + ": one RTO/TTR target, its own").isLessThanOrEqualTo(
                            file.drill().objectives().stream().map(Objective::name).filter(n -> n.startsWith("rto") || n.startsWith("ttr")).count());
        }
    }
}
