package dev.firedrill.kind;

import dev.firedrill.Capability;
import dev.firedrill.Fault;
import dev.firedrill.Objective;
import dev.firedrill.Preparation;
import dev.firedrill.Probe;
import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Workload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One kind a drill file can name: {@code kind: latency} in {@code faults}, {@code procedure: restart} in
 * {@code recovery}. It says what the entry's fields are and builds from them the same value the Java DSL builds
 * ({@code kind: kill, target: ledger} is {@code Faults.kill("ledger")}). Declared by a {@link KindProvider}.
 *
 * <pre>{@code
 * KindDescriptor.fault("latency", "latency on the path to the service, through the fault proxy")
 *         .target()
 *         .param(Param.required("latency", Param.Type.DURATION, "added delay"))
 *         .requires(FaultProxy.class)
 *         .build(a -> Faults.latency(a.target(), a.duration("latency")));
 * }</pre>
 *
 * @param name     the name a drill file gives: lower-case letters, digits and hyphens
 * @param category what it is: a fault, a procedure, ...
 * @param summary  what it does, in one line
 * @param params   its fields, in the order the reference lists them (the category's own field, e.g. {@code kind}, aside)
 * @param requires the capabilities a system must offer for it to act ({@link Capability}); empty when it only
 *                 reaches services through their endpoints
 * @param measures what an objective measures, for the DR policy; empty for every other kind
 * @param factory  the value from the entry's fields; an {@link IllegalArgumentException} for values the DSL rejects
 */
public record KindDescriptor<T>(String name, Category category, String summary, List<Param> params,
        Set<Class<? extends Capability>> requires, Set<Measure> measures, Function<Args, ? extends T> factory) {

    /** What kinds of kinds there are: each builds one Java type, and each is named in a drill file by one field. */
    public enum Category {
        /** {@code faults: - kind: ...}: builds a {@link Fault}. */
        FAULT("fault", "faults", "kind", Fault.class, "Fault", "faults: - kind:"),
        /** {@code recovery: - procedure: ...} (and {@code stack.setup}): builds a {@link Recovery}. */
        PROCEDURE("procedure", "recovery procedures", "procedure", Recovery.class, "Recovery", "recovery: - procedure:"),
        /** {@code preparations: - kind: ...}: builds a {@link Preparation}. */
        PREPARATION("preparation", "preparations", "kind", Preparation.class, "Preparation", "preparations: - kind:"),
        /** {@code steady-state.probes: - probe: ...}: builds a probe factory, a {@code Function<SystemUnderTest, Probe>}. */
        PROBE("probe", "probes", "probe", Function.class, "Function<SystemUnderTest, Probe>", "steady-state.probes: - probe:"),
        /** {@code objectives: - objective: ...}: builds an {@link Objective}. */
        OBJECTIVE("objective", "objectives", "objective", Objective.class, "Objective", "objectives: - objective:"),
        /**
         * {@code load: {generator: ...}}: builds a {@link Workload} (a load running beside the drill); {@code generator}
         * may be left out when exactly one load generator is on the classpath.
         */
        LOAD("load generator", "load generators", "generator", Workload.class, "Workload", "load: generator:"),
        /**
         * {@code workload: {writer: ...}}: builds a {@link Workload} whose every write is accounted for in the operation
         * ledger; the reader applies the entry's {@code restore} and {@code warm-up}.
         */
        WRITER("writer", "writers", "writer", Workload.class, "Workload", "workload: writer:");

        private final String noun;
        private final String plural;
        private final String field;
        private final Class<?> type;
        private final String typeName;
        private final String where;

        Category(String noun, String plural, String field, Class<?> type, String typeName, String where) {
            this.noun = noun;
            this.plural = plural;
            this.field = field;
            this.type = type;
            this.typeName = typeName;
            this.where = where;
        }

        /** Where a drill file names a kind of it, e.g. {@code faults: - kind:}. */
        public String where() {
            return where;
        }

        /** One of them, in words: "fault". */
        public String noun() {
            return noun;
        }

        /** Several, in words: "recovery procedures". */
        public String plural() {
            return plural;
        }

        /** The field of an entry that names its kind: {@code kind}, {@code procedure}, {@code probe}, {@code objective}. */
        public String field() {
            return field;
        }

        /** The class of the values its kinds build. */
        public Class<?> type() {
            return type;
        }

        /** The Java type its kinds build, as written in source: {@code Function<SystemUnderTest, Probe>}. */
        public String typeName() {
            return typeName;
        }

        /**
         * Fields of an entry the reader handles itself, beside the kind's own: its {@link #field()}, a fault's {@code after}
         * delay, an objective's {@code source}.
         */
        public List<String> entryFields() {
            List<String> names = new java.util.ArrayList<>(List.of(field));
            entryParams().forEach(p -> names.add(p.name()));
            return List.copyOf(names);
        }

        /** The fields of {@link #entryFields()} after the kind's name, as parameters (for the schema and the reference). */
        public List<Param> entryParams() {
            return switch (this) {
                case FAULT -> List.of(Param.optional("after", Param.Type.DURATION, null,
                        "a delay: the fault acts this long after the previous one (or the hold's start)"),
                        Param.optional("disruption", Param.Type.BOOLEAN, false, "the instant this fault acts is the drill's"
                                + " disruption, although faults follow it (by default the last fault's is: those before set the stage)"));
                case OBJECTIVE -> List.of(Param.optional("source", Param.Type.TEXT, "drill",
                        "where the target comes from, for the exercise record (e.g. 'runbook 004 §Scenario 1', 'BIA-7 §3')"));
                case WRITER -> List.of(Param.choice("restore", false, "none", List.of("none", "backup", "point-in-time"),
                                "how writes lost after the disruption are judged: none, backup (a backup or snapshot restore),"
                                        + " point-in-time (a restore to a target time)"),
                        Param.optional("warm-up", Param.Type.DURATION, java.time.Duration.ZERO,
                                "how long the writer runs before the first fault, at least (the steady state comes first)"));
                default -> List.of();
            };
        }
    }

    /**
     * What an objective measures, for the DR policy: a drill file with an objective that measures {@link #RTO} sets
     * its own RTO target, and the policy's RTO target does not apply to it; the same for {@link #RPO}.
     */
    public enum Measure { RTO, RPO }

    /** The pattern of kind names (and of suite names): lower-case letters, digits and hyphens. */
    public static final String NAME_PATTERN = "[a-z0-9][a-z0-9-]*";

    /** The parameter most faults and procedures start with: the service they act on. */
    public static final Param TARGET = Param.required("target", Param.Type.TEXT, "the service (compose name) it acts on");

    public KindDescriptor {
        if (name == null || !name.matches(NAME_PATTERN)) {
            throw new IllegalArgumentException("a kind's name is lower-case letters, digits and hyphens; got '" + name + "'");
        }
        Objects.requireNonNull(category, () -> "kind '" + name + "' needs a category");
        if (summary == null || summary.isBlank()) {
            throw new IllegalArgumentException(category.noun() + " '" + name + "' needs a one-line summary");
        }
        params = List.copyOf(params);
        Set<String> seen = new HashSet<>();
        for (Param p : params) {
            if (!seen.add(p.name())) {
                throw new IllegalArgumentException(category.noun() + " '" + name + "' declares parameter '" + p.name() + "' twice");
            }
            if (category.entryFields().contains(p.name())) {
                throw new IllegalArgumentException(category.noun() + " '" + name + "' cannot declare a parameter '" + p.name()
                        + "': the drill file uses that field itself (" + String.join(", ", category.entryFields()) + ")");
            }
        }
        requires = Collections.unmodifiableSet(new LinkedHashSet<>(requires));
        measures = measures.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(measures));
        if (!measures.isEmpty() && category != Category.OBJECTIVE) {
            throw new IllegalArgumentException(category.noun() + " '" + name + "': only an objective measures RTO or RPO");
        }
        Objects.requireNonNull(factory, () -> category.noun() + " '" + name + "' needs a factory");
    }

    /** The value of the entry whose fields are {@code args}; checked to be of the category's type. */
    public T build(Args args) {
        T value = factory.apply(args);
        if (!category.type().isInstance(value)) {
            throw new IllegalStateException(category.noun() + " '" + name + "' built " + (value == null ? "null" : "a value of "
                    + value.getClass().getName()) + "; " + category.noun() + " kinds build " + category.typeName() + " values");
        }
        return value;
    }

    /** Its parameter {@code name}, if it has one. */
    public Optional<Param> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** A fault kind ({@code faults: - kind: NAME}), to be completed by the builder. */
    public static Builder<Fault> fault(String name, String summary) {
        return new Builder<>(name, Category.FAULT, summary);
    }

    /** A recovery procedure kind ({@code recovery: - procedure: NAME}). */
    public static Builder<Recovery> procedure(String name, String summary) {
        return new Builder<>(name, Category.PROCEDURE, summary);
    }

    /** A preparation kind ({@code preparations: - kind: NAME}). */
    public static Builder<Preparation> preparation(String name, String summary) {
        return new Builder<>(name, Category.PREPARATION, summary);
    }

    /** A probe kind ({@code steady-state.probes: - probe: NAME}); its factories should say their path ({@code ProbePath}). */
    public static Builder<Function<SystemUnderTest, Probe>> probe(String name, String summary) {
        return new Builder<>(name, Category.PROBE, summary);
    }

    /** An objective kind ({@code objectives: - objective: NAME}). */
    public static Builder<Objective> objective(String name, String summary) {
        return new Builder<>(name, Category.OBJECTIVE, summary);
    }

    /** A load generator ({@code load: {generator: NAME, ...}}): a load that runs beside the drill. */
    /** A writer kind: {@code workload: {writer: <name>}}. */
    public static Builder<Workload> writer(String name, String summary) {
        return new Builder<>(name, Category.WRITER, summary);
    }

    public static Builder<Workload> load(String name, String summary) {
        return new Builder<>(name, Category.LOAD, summary);
    }

    /** Declares one kind: its parameters, what it requires and measures, then its factory ({@link #build(Function)}). */
    public static final class Builder<T> {
        private final String name;
        private final Category category;
        private final String summary;
        private final List<Param> params = new ArrayList<>();
        private final Set<Class<? extends Capability>> requires = new LinkedHashSet<>();
        private final Set<Measure> measures = EnumSet.noneOf(Measure.class);

        private Builder(String name, Category category, String summary) {
            this.name = name;
            this.category = category;
            this.summary = summary;
        }

        /** The {@code target} parameter ({@link #TARGET}): the service it acts on, required. */
        public Builder<T> target() {
            return param(TARGET);
        }

        /** More parameters, in the order a user reads them. */
        public Builder<T> param(Param... more) {
            params.addAll(List.of(more));
            return this;
        }

        /** Capabilities the system must offer (e.g. {@code FaultProxy.class}). */
        @SafeVarargs
        public final Builder<T> requires(Class<? extends Capability>... capabilities) {
            requires.addAll(List.of(capabilities));
            return this;
        }

        /** For an objective: what it measures ({@link Measure#RTO}, {@link Measure#RPO}). */
        public Builder<T> measures(Measure... what) {
            measures.addAll(List.of(what));
            return this;
        }

        /** The descriptor, building its values with {@code factory}. */
        public KindDescriptor<T> build(Function<Args, ? extends T> factory) {
            return new KindDescriptor<>(name, category, summary, params, requires, measures, factory);
        }
    }
}
