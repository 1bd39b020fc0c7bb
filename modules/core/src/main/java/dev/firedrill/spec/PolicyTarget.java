package dev.firedrill.spec;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Probe;
import dev.firedrill.SystemUnderTest;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A DR policy's target, judged beside the drill's own target of the same measure: {@code policy:rto(write)} next to
 * {@code rto(write)}. Its own name keeps the two apart (a drill's objectives are known by name), and its source names
 * the policy file and entry, so a report shows the policy's target, the drill's and what was measured.
 *
 * @param source    where the target comes from, e.g. {@code policy dr-policy.yml (data-loss)}
 * @param objective the measure and its target
 */
record PolicyTarget(String source, Objective objective) implements Objective {

    /** The prefix of a policy target's name. */
    static final String PREFIX = "policy:";

    PolicyTarget {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(objective, "objective");
    }

    @Override
    public String name() {
        return PREFIX + objective.name();
    }

    @Override
    public String describe() {
        return objective.describe() + " (" + source + ")";
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        return objective.judge(m).withName(name()).withSource(source);
    }

    @Override
    public List<Function<SystemUnderTest, Probe>> probes() {
        return objective.probes();
    }
}
