package dev.firedrill;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The builder's objectives: one per name, replaced in place, removed by name, each with the source of its target. */
class DrillBuilderTest {

    /** An objective judged by nothing: only its name and target matter here. */
    private record Target(String name, String target) implements Objective {
        @Override
        public ObjectiveResult judge(DrillMeasurements m) {
            return new ObjectiveResult(name, null, target, null, "ms", true, name + " met");
        }
    }

    private static Drill.Builder d01() {
        return Drill.builder("D01", "API service down").probe(system -> null)
                .objective(new Target("rto(write)", "≤ 45000")).objective(new Target("no-acknowledged-writes-lost", "≤ 0"));
    }

    @Test
    void anObjectiveOfTheSameNameReplacesTheOldOneInItsPlace() {
        Drill tight = d01().build().toBuilder().objective(new Target("rto(write)", "≤ 1000")).build();

        assertThat(tight.objectives()).extracting(Objective::name).containsExactly("rto(write)", "no-acknowledged-writes-lost");
        assertThat(tight.objectives().get(0)).isEqualTo(new Target("rto(write)", "≤ 1000"));
    }

    @Test
    void anObjectiveIsRemovedByNameAndAnUnknownNameListsTheObjectives() {
        Drill without = d01().expectFailure("rto(write)").build().toBuilder().withoutObjective("rto(write)").build();

        assertThat(without.objectives()).extracting(Objective::name).containsExactly("no-acknowledged-writes-lost");
        assertThat(without.expectsFailure()).as("the variant cannot expect to miss what is gone").isFalse();
        assertThatThrownBy(() -> d01().withoutObjective("rto(read)")).hasMessageContaining("no objective 'rto(read)'")
                .hasMessageContaining("[rto(write), no-acknowledged-writes-lost]");
    }

    @Test
    void twoObjectivesOfOneNameAreRejected() {
        Drill d = d01().build();
        List<Objective> twice = List.of(new Target("rto(write)", "≤ 1"), new Target("rto(write)", "≤ 2"));

        assertThatThrownBy(() -> new Drill(d.id(), d.title(), d.suites(), d.runbook(), d.probes(), d.workloads(), d.preparations(), d.faults(),
                d.hold(), d.recoveries(), twice, d.steadyRun(), d.latencyObjective(), d.settle(), d.afterWindow(), d.steadyBudget(),
                d.recoveryBudget(), d.trigger(), List.of())).hasMessageContaining("two objectives named 'rto(write)'");
    }

    @Test
    void theSourceOfATargetIsTheDrillUnlessNamedAndTravelsIntoTheJudgement() {
        Objective own = new Target("rto(write)", "≤ 45000");
        Objective seeded = Objective.from("runbook 004 §Scenario 1", own);

        assertThat(own.source()).isEqualTo("drill");
        assertThat(seeded.source()).isEqualTo("runbook 004 §Scenario 1");
        assertThat(seeded.name()).isEqualTo("rto(write)");
        assertThat(seeded.judge(null).source()).isEqualTo("runbook 004 §Scenario 1");
        assertThat(Objective.from("policy p.yml (default)", seeded)).as("a new source replaces the old, not nests it")
                .isEqualTo(Objective.from("policy p.yml (default)", own));
        assertThatThrownBy(() -> Objective.from(" ", own)).hasMessageContaining("must not be blank");
        assertThat(d01().exercise(new ExerciseFacts(" ", "db-team")).build().exercise()).isEqualTo(new ExerciseFacts(null, "db-team"));
    }
}
