package dev.firedrill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One drill as an immutable value: what to watch, what to break, how to recover, what must hold.
 *
 * <pre>{@code
 * Drill d01 = Drill.builder("D01", "API service down")
 *         .suites("smoke", "regression")
 *         .runbook("004 §Scenario 1")
 *         .probe(Probes.ledgerWrite()).probe(Probes.ledgerRead())
 *         .workload(Workloads.ledgerWriter())
 *         .fault(Faults.kill("ledger"))
 *         .recovery(Recoveries.restart("ledger"))
 *         .objective(Slos.rto("write", Duration.ofSeconds(45)))
 *         .build();
 * }</pre>
 *
 * @param probes          probe factories, bound to the system when the drill runs
 * @param workloads       writers whose every operation is accounted for
 * @param preparations    run in order after the steady state is proven, before the faults (e.g. a backup)
 * @param faults          injected in order after the preparations
 * @param hold            how long the faults stay before recovery starts (docs/measurements.md, default 10 s)
 * @param recoveries      the procedure, in order; {@link Recovery#revertFaults()} where reverting the fault is the fix
 * @param steadyRun       K: consecutive successes that make a path steady (default 5)
 * @param latencyObjective an observation slower than this is not a success (default 1 s)
 * @param settle          gap after {@code recovered} before the {@code after} phase (default 5 s)
 * @param afterWindow     how long the {@code after} phase is observed (default 5 s)
 * @param steadyBudget    bound on proving the steady state before the fault (default 60 s)
 * @param recoveryBudget  bound on waiting for steady again after the procedure (default 2 min)
 * @param trigger         when set, the recovery starts as soon as this detector fires (D13), and {@code hold}
 *                        bounds the wait for it; null = after the hold
 */
public record Drill(
        String id,
        String title,
        List<String> suites,
        String runbook,
        List<Function<SystemUnderTest, Probe>> probes,
        List<Workload> workloads,
        List<Preparation> preparations,
        List<Fault> faults,
        Duration hold,
        List<Recovery> recoveries,
        List<Objective> objectives,
        int steadyRun,
        Duration latencyObjective,
        Duration settle,
        Duration afterWindow,
        Duration steadyBudget,
        Duration recoveryBudget,
        Detector trigger,
        List<String> mustMiss,
        ExerciseFacts exercise) {

    /** The catalogue's suites (docs/suites.md); any other tag matching {@link #SUITE_PATTERN} is a suite too, a user's own. */
    public static final List<String> CATALOGUE_SUITES = List.of("smoke", "regression", "quarterly", "load");

    /** What a suite's name looks like: a tag of lower-case letters, digits and hyphens ({@code payments-nightly}). */
    public static final String SUITE_PATTERN = "[a-z0-9][a-z0-9-]*";

    /**
     * Tags that are not suites: {@code ./drill run all} (or nothing) runs the catalogue, {@code drill} marks every drill
     * class, {@code example} the Java DSL examples, and {@code open-suites} the factory that runs the drill files of the
     * suites outside the catalogue.
     */
    public static final List<String> RESERVED_TAGS = List.of("all", "drill", "example", "open-suites");

    /** Why {@code tag} cannot name a suite, or null when it can. */
    public static String suiteNameProblem(String tag) {
        if (tag == null || !tag.matches(SUITE_PATTERN)) {
            return "'" + tag + "' is not a suite name: a suite is a tag of lower-case letters, digits and hyphens, starting with a"
                    + " letter or digit (e.g. payments-nightly)";
        }
        if (RESERVED_TAGS.contains(tag)) {
            return "'" + tag + "' cannot name a suite: " + String.join(", ", RESERVED_TAGS) + " select drills themselves";
        }
        return null;
    }

    public Drill {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("Drill id must not be blank");
        }
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("Drill '" + id + "' needs a title");
        }
        suites = List.copyOf(suites);
        for (String suite : suites) {
            String problem = suiteNameProblem(suite);
            if (problem != null) {
                throw new IllegalArgumentException("Drill '" + id + "': " + problem);
            }
        }
        probes = List.copyOf(probes);
        workloads = List.copyOf(workloads);
        preparations = List.copyOf(preparations);
        faults = List.copyOf(faults);
        recoveries = List.copyOf(recoveries);
        objectives = List.copyOf(objectives);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Objective o : objectives) {
            if (!names.add(o.name())) {
                throw new IllegalArgumentException("Drill '" + id + "' has two objectives named '" + o.name() + "': each kind and path"
                        + " is judged once (Drill.Builder.objective replaces an objective of the same name)");
            }
        }
        mustMiss = mustMiss == null ? List.of() : List.copyOf(mustMiss);
        exercise = exercise == null ? ExerciseFacts.NONE : exercise;
        for (String name : mustMiss) {
            if (objectives.stream().noneMatch(o -> o.name().equals(name))) {
                throw new IllegalArgumentException("Drill '" + id + "' expects to miss '" + name + "', which is none of its objectives: "
                        + objectives.stream().map(Objective::name).toList());
            }
        }
        requirePositive(id, "hold", hold, true);
        requirePositive(id, "latencyObjective", latencyObjective, false);
        requirePositive(id, "settle", settle, true);
        requirePositive(id, "afterWindow", afterWindow, true);
        requirePositive(id, "steadyBudget", steadyBudget, false);
        requirePositive(id, "recoveryBudget", recoveryBudget, false);
        if (steadyRun < 1) {
            throw new IllegalArgumentException("Drill '" + id + "': steadyRun must be at least 1, got " + steadyRun);
        }
        if (probes.isEmpty()) {
            throw new IllegalArgumentException("Drill '" + id + "' needs at least one probe: RTO is measured on probe observations");
        }
    }

    /** A drill with no exercise facts (the constructor before {@link ExerciseFacts}). */
    public Drill(String id, String title, List<String> suites, String runbook, List<Function<SystemUnderTest, Probe>> probes,
            List<Workload> workloads, List<Preparation> preparations, List<Fault> faults, Duration hold, List<Recovery> recoveries,
            List<Objective> objectives, int steadyRun, Duration latencyObjective, Duration settle, Duration afterWindow,
            Duration steadyBudget, Duration recoveryBudget, Detector trigger, List<String> mustMiss) {
        this(id, title, suites, runbook, probes, workloads, preparations, faults, hold, recoveries, objectives, steadyRun,
                latencyObjective, settle, afterWindow, steadyBudget, recoveryBudget, trigger, mustMiss, ExerciseFacts.NONE);
    }

    /** A drill expected to pass (no {@code mustMiss}). */
    public Drill(String id, String title, List<String> suites, String runbook, List<Function<SystemUnderTest, Probe>> probes,
            List<Workload> workloads, List<Preparation> preparations, List<Fault> faults, Duration hold, List<Recovery> recoveries,
            List<Objective> objectives, int steadyRun, Duration latencyObjective, Duration settle, Duration afterWindow,
            Duration steadyBudget, Duration recoveryBudget, Detector trigger) {
        this(id, title, suites, runbook, probes, workloads, preparations, faults, hold, recoveries, objectives, steadyRun,
                latencyObjective, settle, afterWindow, steadyBudget, recoveryBudget, trigger, List.of());
    }

    /**
     * Whether this is a can-fail variant: a drill that must fail, missing exactly the objectives {@link #mustMiss()} names
     * (its verdict is then {@link Verdict#FAILED_AS_EXPECTED}, counted apart from passes and failures).
     */
    public boolean expectsFailure() {
        return !mustMiss.isEmpty();
    }

    /** A drill whose recovery starts after the hold (no detection trigger). */
    public Drill(String id, String title, List<String> suites, String runbook, List<Function<SystemUnderTest, Probe>> probes,
            List<Workload> workloads, List<Preparation> preparations, List<Fault> faults, Duration hold, List<Recovery> recoveries,
            List<Objective> objectives, int steadyRun, Duration latencyObjective, Duration settle, Duration afterWindow,
            Duration steadyBudget, Duration recoveryBudget) {
        this(id, title, suites, runbook, probes, workloads, preparations, faults, hold, recoveries, objectives, steadyRun,
                latencyObjective, settle, afterWindow, steadyBudget, recoveryBudget, null);
    }

    /** A drill without preparations (the constructor before preparations existed). */
    public Drill(String id, String title, List<String> suites, String runbook, List<Function<SystemUnderTest, Probe>> probes,
            List<Workload> workloads, List<Fault> faults, Duration hold, List<Recovery> recoveries, List<Objective> objectives,
            int steadyRun, Duration latencyObjective, Duration settle, Duration afterWindow, Duration steadyBudget,
            Duration recoveryBudget) {
        this(id, title, suites, runbook, probes, workloads, List.of(), faults, hold, recoveries, objectives, steadyRun,
                latencyObjective, settle, afterWindow, steadyBudget, recoveryBudget);
    }

    private static void requirePositive(String id, String field, Duration value, boolean zeroAllowed) {
        Objects.requireNonNull(value, () -> "Drill '" + id + "': " + field + " must not be null");
        if (value.isNegative() || (!zeroAllowed && value.isZero())) {
            throw new IllegalArgumentException("Drill '" + id + "': " + field + " must be " + (zeroAllowed ? "zero or more" : "positive")
                    + ", got " + value);
        }
    }

    /** Starts a drill definition. */
    public static Builder builder(String id, String title) {
        return new Builder(id, title);
    }

    /** A copy to change a field or two, e.g. a "can fail" variant without its recovery. */
    public Builder toBuilder() {
        Builder b = new Builder(id, title);
        b.suites.addAll(suites);
        b.runbook = runbook;
        b.probes.addAll(probes);
        b.workloads.addAll(workloads);
        b.preparations.addAll(preparations);
        b.faults.addAll(faults);
        b.hold = hold;
        b.recoveries.addAll(recoveries);
        b.objectives.addAll(objectives);
        b.steadyRun = steadyRun;
        b.latencyObjective = latencyObjective;
        b.settle = settle;
        b.afterWindow = afterWindow;
        b.steadyBudget = steadyBudget;
        b.recoveryBudget = recoveryBudget;
        b.trigger = trigger;
        b.mustMiss.addAll(mustMiss);
        b.exercise = exercise;
        return b;
    }

    /** Builds a {@link Drill}; every method returns this builder. */
    public static final class Builder {
        private String id;
        private String title;
        private final List<String> suites = new ArrayList<>();
        private String runbook;
        private final List<Function<SystemUnderTest, Probe>> probes = new ArrayList<>();
        private final List<Workload> workloads = new ArrayList<>();
        private final List<Preparation> preparations = new ArrayList<>();
        private final List<Fault> faults = new ArrayList<>();
        private Duration hold = Duration.ofSeconds(10);
        private final List<Recovery> recoveries = new ArrayList<>();
        private final List<Objective> objectives = new ArrayList<>();
        private final List<String> mustMiss = new ArrayList<>();
        private int steadyRun = 5;
        private Duration latencyObjective = Duration.ofSeconds(1);
        private Duration settle = Duration.ofSeconds(5);
        private Duration afterWindow = Duration.ofSeconds(5);
        private Duration steadyBudget = Duration.ofSeconds(60);
        private Duration recoveryBudget = Duration.ofMinutes(2);
        private Detector trigger;
        private ExerciseFacts exercise = ExerciseFacts.NONE;

        private Builder(String id, String title) {
            this.id = id;
            this.title = title;
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder suites(String... names) {
            suites.clear();
            suites.addAll(List.of(names));
            return this;
        }

        public Builder runbook(String section) {
            this.runbook = section;
            return this;
        }

        /** Removes every probe (a variant that watches the system differently); add the ones it needs after. */
        public Builder withoutProbes() {
            probes.clear();
            return this;
        }

        public Builder probe(Function<SystemUnderTest, Probe> probe) {
            probes.add(Objects.requireNonNull(probe, "probe"));
            return this;
        }

        /** A workload, and the objectives it brings ({@link Workload#objectives()}), judged beside the drill's own. */
        public Builder workload(Workload workload) {
            workloads.add(Objects.requireNonNull(workload, "workload"));
            objectives.addAll(workload.objectives());
            return this;
        }

        /** A step after the steady state is proven and before the faults, e.g. {@code Backups.logical("postgres")}. */
        public Builder preparation(Preparation preparation) {
            preparations.add(Objects.requireNonNull(preparation, "preparation"));
            return this;
        }

        /** Removes every preparation (a variant that skips, say, the backup). */
        public Builder withoutPreparations() {
            preparations.clear();
            return this;
        }

        /** Removes every fault (a variant that injects another one). */
        public Builder withoutFaults() {
            faults.clear();
            return this;
        }

        public Builder fault(Fault fault) {
            faults.add(Objects.requireNonNull(fault, "fault"));
            return this;
        }

        public Builder hold(Duration hold) {
            this.hold = hold;
            return this;
        }

        public Builder recovery(Recovery recovery) {
            recoveries.add(Objects.requireNonNull(recovery, "recovery"));
            return this;
        }

        /** Removes every recovery step: the "can fail" variant where the fix is skipped. */
        public Builder withoutRecovery() {
            recoveries.clear();
            return this;
        }

        /**
         * Adds {@code objective}, or replaces the objective of the same name (same kind and path, e.g. {@code rto(write)}) in
         * its place: {@code d01.toBuilder().objective(Slos.rto("write", Duration.ofSeconds(1)))} is D01 with a 1 s RTO, not
         * D01 with two RTO objectives.
         */
        public Builder objective(Objective objective) {
            Objects.requireNonNull(objective, "objective");
            for (int i = 0; i < objectives.size(); i++) {
                if (objectives.get(i).name().equals(objective.name())) {
                    objectives.set(i, objective);
                    return this;
                }
            }
            objectives.add(objective);
            return this;
        }

        /** Removes the objective named {@code name} (e.g. {@code rto(write)}); an unknown name is an error naming the objectives. */
        public Builder withoutObjective(String name) {
            if (!objectives.removeIf(o -> o.name().equals(name))) {
                throw new IllegalArgumentException("Drill '" + id + "' has no objective '" + name + "'; its objectives: "
                        + objectives.stream().map(Objective::name).toList());
            }
            mustMiss.remove(name);
            return this;
        }

        public Builder steadyRun(int k) {
            this.steadyRun = k;
            return this;
        }

        public Builder latencyObjective(Duration latency) {
            this.latencyObjective = latency;
            return this;
        }

        public Builder settle(Duration settle) {
            this.settle = settle;
            return this;
        }

        public Builder afterWindow(Duration window) {
            this.afterWindow = window;
            return this;
        }

        public Builder steadyBudget(Duration budget) {
            this.steadyBudget = budget;
            return this;
        }

        public Builder recoveryBudget(Duration budget) {
            this.recoveryBudget = budget;
            return this;
        }

        /**
         * Start the recovery when {@code detector} fires (at most {@code hold} after the disruption) instead of after the hold;
         * detection on its path is then measured by it (docs/measurements.md, D13).
         */
        public Builder recoverWhen(Detector detector) {
            this.trigger = Objects.requireNonNull(detector, "detector");
            return this;
        }

        /**
         * A can-fail variant: the drill must fail by missing these objectives (by name, e.g. {@code "rto(write)"}); then its
         * verdict is {@link Verdict#FAILED_AS_EXPECTED} (other objectives it also missed are named in the reason). Meeting
         * one of them, or passing, is a failure: "a drill that cannot fail is not a drill". Replaces an earlier expectation.
         */
        public Builder expectFailure(String... objectiveNames) {
            if (objectiveNames.length == 0) {
                throw new IllegalArgumentException("expectFailure names the objectives the drill must miss, e.g. expectFailure(\"rto(write)\")");
            }
            mustMiss.clear();
            mustMiss.addAll(List.of(objectiveNames));
            return this;
        }

        /** Expected to pass again (a variant of a can-fail variant). */
        public Builder expectPass() {
            mustMiss.clear();
            return this;
        }

        /** The drill; an objective's own probes ({@link Objective#probes()}) join those of no drill probe of their class. */
        public Drill build() {
            List<Function<SystemUnderTest, Probe>> all = new ArrayList<>(probes);
            for (Objective objective : objectives) {
                for (Function<SystemUnderTest, Probe> needed : objective.probes()) {
                    if (all.stream().noneMatch(p -> p.getClass() == needed.getClass())) {
                        all.add(needed);
                    }
                }
            }
            return new Drill(id, title, suites, runbook, all, workloads, preparations, faults, hold, recoveries, objectives,
                    steadyRun, latencyObjective, settle, afterWindow, steadyBudget, recoveryBudget, trigger, mustMiss, exercise);
        }

        /** What the exercise record says of this scenario beyond what is measured: its BIA entry and remediation owner. */
        public Builder exercise(ExerciseFacts facts) {
            this.exercise = Objects.requireNonNull(facts, "exercise facts; ExerciseFacts.NONE for none");
            return this;
        }
    }
}
