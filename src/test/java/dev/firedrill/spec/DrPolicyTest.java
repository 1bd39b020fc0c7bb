package dev.firedrill.spec;

import dev.firedrill.Drill;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.measure.Slos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A drill is judged by the DR policy's RTO and RPO targets for its kind, beside any of its own. */
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
    void theDrillsOwnTargetsAreJudgedBesideThePolicysNotInsteadOfThem(@TempDir Path dir) throws IOException {
        DrPolicy p = policy(dir, "disruptions:\n  data-loss: {rto: 4h, rpo-window: 15m}\n");
        Drill drill = p.apply(DrillFiles.parse(Path.of("x.yml"), DRILL
                + "objectives:\n  - {objective: rto, max: 2m}\n  - {objective: rpo-window, max: 5s}\n"));
        assertThat(drill.objectives()).extracting(Objective::name)
                .containsExactly("rto(write)", "rpo-window", "policy:rto(write)", "policy:rpo-window");
        assertThat(drill.objectives()).extracting(Objective::source)
                .containsExactly("drill", "drill", "policy dr-policy.yml (data-loss)", "policy dr-policy.yml (data-loss)");
        assertThat(drill.objectives().get(2).describe()).as("the policy's own target, not the drill's")
                .isEqualTo(Slos.rto("write", Duration.ofHours(4)).describe() + " (policy dr-policy.yml (data-loss))");
    }

    @Test
    void thePolicysRtoJudgesThePathsTheDrillsOwnRtoAndTtrJudge(@TempDir Path dir) throws IOException {
        DrPolicy p = policy(dir, "disruptions:\n  data-loss: {rto: 4h}\n");
        Drill drill = p.apply(DrillFiles.parse(Path.of("x.yml"), DRILL.replace("{probe: write}", "{probe: write}, {probe: redis-key}")
                + "objectives:\n  - {objective: rto, path: redis, max: 30s}\n  - {objective: ttr, path: write, max: 10s}\n"));
        assertThat(drill.objectives()).extracting(Objective::name)
                .containsExactly("rto(redis)", "ttr(write)", "policy:rto(redis)", "policy:rto(write)");
    }

    @Test
    void aPolicyTargetIsJudgedByItsOwnMeasureUnderItsOwnNameAndSource() {
        Objective measure = new Objective() {
            @Override
            public String name() {
                return "rto(write)";
            }

            @Override
            public ObjectiveResult judge(dev.firedrill.DrillMeasurements m) {
                return new ObjectiveResult("rto(write)", "recovery", "≤ 1000", "2000", "ms", false, "RTO missed");
            }
        };
        ObjectiveResult r = new PolicyTarget("policy dr-policy.yml (site-loss)", measure).judge(null);
        assertThat(r.name()).isEqualTo("policy:rto(write)");
        assertThat(r.source()).isEqualTo("policy dr-policy.yml (site-loss)");
        assertThat(r.passed()).isFalse();
        assertThat(r.measured()).isEqualTo("2000");
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
    void theShippedPolicyJudgesEveryCatalogueDrillOfAKindWithTargetsBesideItsOwn() {
        DrPolicy p = DrPolicy.read(Path.of("drills/dr-policy.yml"));
        for (Path f : DrillFiles.list(Path.of("drills"))) {
            DrillFile file = DrillFiles.read(f);
            Drill judged = p.apply(file);
            assertThat(judged.objectives()).as(f.toString()).containsAll(file.drill().objectives());
            boolean kindHasRto = file.disruption() != null && p.disruptions().get(file.disruption()).rto() != null;
            if (kindHasRto && !file.drill().faults().isEmpty()) {
                assertThat(judged.objectives()).extracting(Objective::name).as(f + ": the policy's RTO beside the drill's own")
                        .anyMatch(n -> n.startsWith("policy:rto(") || n.startsWith("rto("));
                assertThat(judged.objectives()).filteredOn(o -> o.name().startsWith("policy:")).as(f.toString())
                        .allMatch(o -> o.source().startsWith("policy dr-policy.yml (" + file.disruption() + ")"));
            }
        }
    }
}
