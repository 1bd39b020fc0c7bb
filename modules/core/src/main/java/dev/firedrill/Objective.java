package dev.firedrill;

/**
 * Something a drill must achieve, judged on its measurements. Factories live in
 * {@code dev.firedrill.measure.Slos}, e.g. {@code Slos.rto("write", Duration.ofSeconds(45))}.
 */
public interface Objective {

    /** A stable name, e.g. {@code "rto(write)"}. */
    String name();

    /** What it demands, in words, e.g. {@code RTO of path 'write' at most 45 s} (plans and reports); the name by default. */
    default String describe() {
        return name();
    }

    /** Judges the measurements; never throws for a missed objective (the result says so). */
    ObjectiveResult judge(DrillMeasurements m);

    /**
     * Where the target comes from, for the exercise record: {@code drill} (the drill chose it) unless the objective was
     * made with {@link #from(String, Objective)}, e.g. {@code policy drills/dr-policy.yml (data-loss)} or
     * {@code seed 004 §Scenario 1} (a runbook states the number).
     */
    default String source() {
        return DRILL;
    }

    /**
     * Probes whose notes or observations this objective judges, which the drill must therefore run: the alert watch
     * behind the alert objectives. {@link Drill.Builder#build()} adds each unless the drill already runs a probe of
     * its class (the drill's own, with its settings, wins). None by default.
     */
    default java.util.List<java.util.function.Function<SystemUnderTest, Probe>> probes() {
        return java.util.List.of();
    }

    /** The source of an objective the drill itself sets. */
    String DRILL = "drill";

    /**
     * {@code objective} with {@code source} saying where its target comes from: a runbook or policy document's section
     * ({@code seed 004 §Quarterly DR Drill}, {@code policy BIA-7 §3}); the name, words and judgement are the objective's.
     *
     * <p>Example: {@code Objective.from("runbook 004 §Scenario 5", Slos.rto("write", Duration.ofSeconds(30)))}.
     */
    static Objective from(String source, Objective objective) {
        java.util.Objects.requireNonNull(objective, "objective must not be null");
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("The source of objective '" + objective.name() + "' must not be blank: say where its"
                    + " target comes from (a runbook or policy section), or leave it out for the drill's own");
        }
        Objective inner = objective instanceof Sourced s ? s.objective() : objective;
        return new Sourced(source.strip(), inner);
    }

    /** An objective with its source named; see {@link #from(String, Objective)}. */
    record Sourced(String source, Objective objective) implements Objective {
        @Override
        public String name() {
            return objective.name();
        }

        @Override
        public String describe() {
            return objective.describe();
        }

        @Override
        public ObjectiveResult judge(DrillMeasurements m) {
            return objective.judge(m).withSource(source);
        }

        @Override
        public java.util.List<java.util.function.Function<SystemUnderTest, Probe>> probes() {
            return objective.probes();
        }
    }
}
