package dev.firedrill.spec;

import dev.firedrill.Drill;
import dev.firedrill.ExerciseFacts;
import dev.firedrill.Fault;
import dev.firedrill.Guard;
import dev.firedrill.Objective;
import dev.firedrill.Preparation;
import dev.firedrill.Probe;
import dev.firedrill.ProbePath;
import dev.firedrill.Recovery;
import dev.firedrill.SafetyRails;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Workload;
import dev.firedrill.kind.Args;
import dev.firedrill.selector.LeaderCheck;
import dev.firedrill.selector.LeaderOf;
import dev.firedrill.selector.TargetSelector;
import dev.firedrill.selector.Targets;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindDescriptor.Category;
import dev.firedrill.kind.Kinds;
import dev.firedrill.kind.Param;
import dev.firedrill.measure.ErrorRateDetector;
import dev.firedrill.fault.Faults;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.LedgerAnalysis;
import dev.firedrill.measure.Workloads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads drill files (YAML, reference: docs/drill-files.md) into {@link Drill} values built through the
 * same factories as Java drills. A file with any mistake fails as a whole, before anything starts, with
 * a {@link DrillFileException} naming every problem (file, line, column, field, what is valid). The kinds it knows are
 * those of {@link Kinds} (Firedrill's own and any a provider on the classpath adds).
 *
 * <p>Example: {@code Drill d01 = DrillFiles.read(Path.of("drills/D01-api-service-down.yml")).drill();}
 */
public final class DrillFiles {

    /** The top-level keys of a drill file, in the order the reference page explains them. */
    static final List<String> TOP_LEVEL = List.of("id", "title", "runbook", "suites", "disruption", "stack", "steady-state",
            "workload", "load", "preparations", "faults", "hold", "recovery", "recovery-budget", "recover-when", "settle", "after-window", "expect-outage", "objectives", "expect", "exercise", "safety");
    static final List<String> STACK_KEYS = List.of("compose", "services", "environment", "fresh", "setup");
    /** The stack of a drill file that names none. */
    static final String DEFAULT_COMPOSE = "docker-compose.drill.yml";
    static final List<String> RECOVER_WHEN_KEYS = List.of("path", "error-rate-above", "over", "min-observations", "counts-from");
    static final List<String> STEADY_KEYS = List.of("probes", "steady-run", "latency-objective", "budget");
    static final List<String> RESTORE_MODES = List.of("none", "backup", "point-in-time");
    static final List<String> SAFETY_KEYS = List.of("allow", "guards");
    static final List<String> GUARD_KEYS = List.of("path", "probe", "consecutive-failures", "error-rate-above", "over");
    static final List<String> LOAD_KEYS = List.of("service", "port", "rate", "write-share", "max-duration", "warm-up", "baseline", "path");

    private DrillFiles() {
    }

    /** Reads one file with the kinds on the classpath; the error names {@code file} as given. */
    public static DrillFile read(Path file) {
        return read(file, Kinds.onClasspath());
    }

    /** Reads one file, knowing {@code kinds}; the error names {@code file} as given. */
    public static DrillFile read(Path file, Kinds kinds) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DrillFileException(List.of(new DrillFileException.Problem(file.toString(), 0, 0, "(file)",
                    "could not be read: " + e)));
        }
        return parse(file, text, kinds);
    }

    /** Every drill file ({@code *.yml}, {@code *.yaml}, not {@code dr-policy.yml} and nothing under {@code stacks/} or {@code scripts/}) in {@code folder}, by name. */
    public static List<Path> list(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.ya?ml$"))
                    .filter(p -> !p.getFileName().toString().startsWith("dr-policy"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list drill files in " + folder, e);
        }
    }

    /** Parses {@code text} as the content of {@code file}, with the kinds on the classpath. */
    public static DrillFile parse(Path file, String text) {
        return parse(file, text, Kinds.onClasspath());
    }

    /** Parses {@code text} as the content of {@code file}, knowing {@code kinds}. */
    public static DrillFile parse(Path file, String text, Kinds kinds) {
        Reading r = new Reading(file.toString());
        YamlNode root = YamlReader.read(file.toString(), text);
        YamlNode.Mapping top = r.mapping(root, "(root)", "a drill");
        if (top == null) {
            r.throwIfAny();
        }
        r.rejectUnknownKeys(top, "", TOP_LEVEL, "a drill file");
        Map<String, YamlNode> e = top.entries();

        String id = requiredText(r, top, "id");
        String title = requiredText(r, top, "title");
        Drill.Builder b = Drill.builder(id == null ? "?" : id, title == null ? "?" : title);
        optional(e, "runbook", n -> b.runbook(r.text(n, "runbook")));
        List<String> suites = e.containsKey("suites") ? r.texts(e.get("suites"), "suites") : List.of();
        if (suites != null) {
            for (int i = 0; i < suites.size(); i++) {
                String problem = Drill.suiteNameProblem(suites.get(i));
                if (problem != null) {
                    r.problem(((YamlNode.Sequence) e.get("suites")).items().get(i), Reading.item("suites", i), problem
                            + "; the catalogue's suites are " + String.join(", ", Drill.CATALOGUE_SUITES));
                }
            }
            b.suites(suites.stream().filter(s -> Drill.suiteNameProblem(s) == null).toArray(String[]::new));
        }
        String disruption = e.containsKey("disruption") ? r.text(e.get("disruption"), "disruption") : null;
        DrillFile.Stack stack = stack(r, e.get("stack"), kinds);
        steadyState(r, top, b, kinds);
        optional(e, "workload", n -> workload(r, n, kinds, b));
        optional(e, "load", n -> load(r, n, kinds, b));
        entries(r, e.get("preparations"), "preparations", kinds, Category.PREPARATION, "preparation", (item, p) -> b.preparation((Preparation) p));
        List<Fault> faults = new ArrayList<>();
        entries(r, e.get("faults"), "faults", kinds, Category.FAULT, "fault", (item, value) -> {
            Fault f = (Fault) value;
            YamlNode after = item.entries().get("after");
            Duration delay = after == null ? null : r.duration(after, "after");
            YamlNode marks = item.entries().get("disruption");
            Fault marked = marks != null && r.bool(marks, "disruption") ? Faults.markingDisruption(f) : f;
            faults.add(delay == null ? marked : Faults.after(delay, marked));
        });
        if (faults.stream().filter(Fault::marksDisruption).count() > 1) {
            r.problem(e.get("faults"), "faults", "at most one entry says disruption: true (the instant it acts is the drill's"
                    + " disruption); " + faults.stream().filter(Fault::marksDisruption).map(Fault::name).toList() + " do");
        }
        faults.forEach(b::fault);
        optional(e, "hold", n -> setDuration(r, n, "hold", b::hold));
        entries(r, e.get("recovery"), "recovery", kinds, Category.PROCEDURE, "recovery step", (item, s) -> b.recovery((Recovery) s));
        optional(e, "recovery-budget", n -> setDuration(r, n, "recovery-budget", b::recoveryBudget));
        optional(e, "recover-when", n -> recoverWhen(r, n, b));
        optional(e, "settle", n -> setDuration(r, n, "settle", b::settle));
        optional(e, "after-window", n -> setDuration(r, n, "after-window", b::afterWindow));
        List<String> objectiveKinds = new ArrayList<>();
        optional(e, "expect-outage", n -> {   // a path that must go down: a fault that never bit fails the drill
            List<String> paths = n instanceof YamlNode.Sequence ? r.texts(n, "expect-outage") : java.util.Optional.ofNullable(r.text(n, "expect-outage")).map(List::of).orElse(null);
            if (paths != null) {
                paths.forEach(path -> b.objective(Slos.outageExpected(path)));
                paths.forEach(path -> objectiveKinds.add("expect-outage"));
            }
        });
        entries(r, e.get("objectives"), "objectives", kinds, Category.OBJECTIVE, "objective", (item, o) -> {
            YamlNode source = item.entries().get("source");
            String from = source == null ? null : r.text(source, "source");   // never blank: a blank text is a problem already
            b.objective(from == null ? (Objective) o : Objective.from(from, (Objective) o));
            objectiveKinds.add(((YamlNode.Scalar) item.entries().get("objective")).text());
        });

        optional(e, "expect", n -> expect(r, n, b));
        optional(e, "exercise", n -> exercise(r, n, b));
        SafetyRails safety = e.containsKey("safety") ? safety(r, e.get("safety"), kinds) : SafetyRails.none();

        r.throwIfAny();
        try {
            return new DrillFile(file, b.build(), stack, disruption, objectiveKinds, safety, r.kindsNamed);
        } catch (IllegalArgumentException ex) {
            r.problem(top, "(drill)", ex.getMessage());
            r.throwIfAny();
            throw ex;
        }
    }

    /** {@code exercise: {bia: BIA-2026 §4.2, remediation-owner: db-team}}: what the exercise report says beyond the figures. */
    private static void exercise(Reading r, YamlNode node, Drill.Builder b) {
        YamlNode.Mapping m = r.mapping(node, "exercise", "bia and remediation-owner");
        if (m == null) {
            return;
        }
        Map<String, Object> v = r.params(m, "exercise", List.of(
                Param.optional("bia", Param.Type.TEXT, null, "the business impact analysis entry the scenario exercises"),
                Param.optional("remediation-owner", Param.Type.TEXT, null, "who fixes what the scenario finds")), List.of(), "exercise");
        b.exercise(new ExerciseFacts((String) v.get("bia"), (String) v.get("remediation-owner")));
    }

    /**
     * {@code expect: {verdict: failed, missing: [rto(write)]}}: a can-fail variant, which must miss those objectives
     * (by name); {@code verdict: passed} (the default) expects every objective met.
     */
    private static void expect(Reading r, YamlNode node, Drill.Builder b) {
        YamlNode.Mapping m = r.mapping(node, "expect", "verdict: failed and the objectives it must miss");
        if (m == null) {
            return;
        }
        Map<String, Object> v = r.params(m, "expect", List.of(
                Param.choice("verdict", false, "passed", List.of("passed", "failed"), "what the drill must end with"),
                Param.optional("missing", Param.Type.TEXTS, List.of(), "the objectives a failed drill must miss, by name, e.g. rto(write)")),
                List.of(), "expect");
        if (v.get("verdict") == null) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<String> missing = (List<String>) v.get("missing");
        if ("failed".equals(v.get("verdict"))) {
            if (missing == null || missing.isEmpty()) {
                r.problem(m, "expect.missing", "a drill expected to fail names the objectives it must miss, e.g. missing: [rto(write)]");
                return;
            }
            b.expectFailure(missing.toArray(String[]::new));
        } else if (missing != null && !missing.isEmpty()) {
            r.problem(m, "expect.missing", "only a drill expected to fail (verdict: failed) names objectives it must miss");
        }
    }

    private static String requiredText(Reading r, YamlNode.Mapping top, String key) {
        YamlNode node = top.entries().get(key);
        if (node == null) {
            r.problem(top, key, "missing: a drill file needs '" + key + "'");
            return null;
        }
        return r.text(node, key);
    }

    private static void optional(Map<String, YamlNode> e, String key, Consumer<YamlNode> read) {
        YamlNode node = e.get(key);
        if (node != null) {
            read.accept(node);
        }
    }

    private static void setDuration(Reading r, YamlNode node, String path, Consumer<Duration> set) {
        Duration d = r.duration(node, path);
        if (d != null) {
            set.accept(d);
        }
    }

    private static DrillFile.Stack stack(Reading r, YamlNode node, Kinds kinds) {
        if (node == null) {
            return new DrillFile.Stack(List.of(DEFAULT_COMPOSE), List.of(), Map.of(), false);
        }
        YamlNode.Mapping m = r.mapping(node, "stack", "compose, services, environment, fresh");
        if (m == null) {
            return null;
        }
        r.rejectUnknownKeys(m, "stack", STACK_KEYS, "stack");
        List<String> compose = compose(r, m.entries().get("compose"));
        List<String> services = m.entries().containsKey("services") ? r.texts(m.entries().get("services"), "stack.services") : List.of();
        Map<String, Map<String, String>> env = new LinkedHashMap<>();
        YamlNode envNode = m.entries().get("environment");
        if (envNode != null) {
            YamlNode.Mapping em = r.mapping(envNode, "stack.environment", "service: {VARIABLE: value}");
            if (em != null) {
                em.entries().forEach((service, vars) -> {
                    Map<String, String> values = r.textMap(vars, "stack.environment." + service);
                    if (values != null) {
                        env.put(service, values);
                    }
                });
            }
        }
        Boolean fresh = m.entries().containsKey("fresh") ? r.bool(m.entries().get("fresh"), "stack.fresh") : Boolean.FALSE;
        List<dev.firedrill.Recovery> setup = new ArrayList<>();
        entries(r, m.entries().get("setup"), "stack.setup", kinds, Category.PROCEDURE, "setup step", (item, s) -> setup.add((Recovery) s));
        if (compose == null) {
            return null;
        }
        return new DrillFile.Stack(compose, services == null ? List.of() : services, env, Boolean.TRUE.equals(fresh), setup);
    }

    /** {@code stack.compose}: one file, or a list of files merged in order (docs/drill-files.md, "The stack"). */
    private static List<String> compose(Reading r, YamlNode node) {
        if (node == null) {
            return List.of(DEFAULT_COMPOSE);
        }
        if (node instanceof YamlNode.Sequence) {
            List<String> files = r.texts(node, "stack.compose");
            if (files != null && files.isEmpty()) {
                r.problem(node, "stack.compose", "must name at least one Compose file, e.g. [docker-compose.drill.yml, docker-compose.monitoring.yml]");
                return null;
            }
            if (files != null && new java.util.HashSet<>(files).size() < files.size()) {
                r.problem(node, "stack.compose", "names a file twice: " + files);
                return null;
            }
            return files;
        }
        String file = r.text(node, "stack.compose");
        return file == null ? null : List.of(file);
    }

    private static void steadyState(Reading r, YamlNode.Mapping top, Drill.Builder b, Kinds kinds) {
        YamlNode node = top.entries().get("steady-state");
        if (node == null) {
            r.problem(top, "steady-state", "missing: a drill file needs 'steady-state' with at least one probe (RTO is measured on probes)");
            return;
        }
        YamlNode.Mapping m = r.mapping(node, "steady-state", "probes, steady-run, latency-objective, budget");
        if (m == null) {
            return;
        }
        r.rejectUnknownKeys(m, "steady-state", STEADY_KEYS, "steady-state");
        YamlNode probes = m.entries().get("probes");
        if (probes == null) {
            r.problem(m, "steady-state.probes", "missing: at least one probe; kinds: " + String.join(", ", kinds.names(Category.PROBE)));
        } else {
            entries(r, probes, "steady-state.probes", kinds, Category.PROBE, "probe", (item, p) -> b.probe(probe(p)));
        }
        YamlNode k = m.entries().get("steady-run");
        if (k != null) {
            Integer v = r.integer(k, "steady-state.steady-run");
            if (v != null) {
                b.steadyRun(v);
            }
        }
        optional(m.entries(), "latency-objective", n -> setDuration(r, n, "steady-state.latency-objective", b::latencyObjective));
        optional(m.entries(), "budget", n -> setDuration(r, n, "steady-state.budget", b::steadyBudget));
    }

    /** {@code recover-when}: the recovery starts when the error rate of a path exceeds a share (docs/measurements.md, D13). */
    private static void recoverWhen(Reading r, YamlNode node, Drill.Builder b) {
        YamlNode.Mapping m = r.mapping(node, "recover-when", "path, error-rate-above, over, min-observations, counts-from");
        if (m == null) {
            return;
        }
        ErrorRateDetector d = ErrorRateDetector.defaults();
        int before = r.problems.size();
        Map<String, Object> v = r.params(m, "recover-when", List.of(
                Param.optional("path", Param.Type.TEXT, "write", "the probed path watched"),
                new Param("error-rate-above", Param.Type.SHARE, false, d.threshold(), null, "the share of failed observations that fires it"),
                Param.optional("over", Param.Type.DURATION, d.window(), "the window"),
                Param.optional("min-observations", Param.Type.INTEGER, d.minObservations(), "at least this many observations in the window"),
                Param.optional("counts-from", Param.Type.TEXT, "disruption", "disruption, or fault-verified: only what the fault's effect caused"
                        + " counts (a release's deploy gap is the deploy's)")),
                List.of(), "recover-when");
        if (r.problems.size() > before) {
            return;
        }
        try {
            ErrorRateDetector.On on = new ErrorRateDetector((Duration) v.get("over"), (Integer) v.get("min-observations"),
                    (Double) v.get("error-rate-above"), d.latencyObjective()).on((String) v.get("path"));
            String from = (String) v.get("counts-from");
            if (!from.equals("disruption") && !from.equals("fault-verified")) {
                r.problem(m, "recover-when", "'counts-from' is 'disruption' or 'fault-verified', got '" + from + "'");
                return;
            }
            b.recoverWhen(from.equals("fault-verified") ? on.fromEffect() : on);
        } catch (IllegalArgumentException e) {
            r.problem(m, "recover-when", e.getMessage());
        }
    }

    /** {@code safety:}: {@code allow} (services faults and procedures may act on) and {@code guards} (abort conditions). */
    private static SafetyRails safety(Reading r, YamlNode node, Kinds kinds) {
        YamlNode.Mapping m = r.mapping(node, "safety", "allow, guards");
        if (m == null) {
            return SafetyRails.none();
        }
        r.rejectUnknownKeys(m, "safety", SAFETY_KEYS, "safety");
        SafetyRails rails = SafetyRails.none();
        YamlNode allow = m.entries().get("allow");
        if (allow != null) {
            List<String> services = r.texts(allow, "safety.allow");
            if (services != null) {
                if (services.isEmpty()) {
                    r.problem(allow, "safety.allow", "must name at least one service (an empty allow-list would refuse every fault)");
                }
                rails = rails.allow(services);
            }
        }
        YamlNode guards = m.entries().get("guards");
        if (guards != null) {
            YamlNode.Sequence list = r.sequence(guards, "safety.guards", "of guards");
            for (int i = 0; list != null && i < list.items().size(); i++) {
                Guard g = guard(r, list.items().get(i), Reading.item("safety.guards", i), kinds);
                if (g != null) {
                    rails = rails.guard(g);
                }
            }
        }
        return rails;
    }

    private static Guard guard(Reading r, YamlNode node, String path, Kinds kinds) {
        YamlNode.Mapping m = r.mapping(node, path, "a guard: path, probe, consecutive-failures or error-rate-above");
        if (m == null) {
            return null;
        }
        int before = r.problems.size();
        Map<String, Object> v = r.params(m, path, List.of(
                Param.optional("path", Param.Type.TEXT, null, "the path watched: one the drill probes, or the guard's own probe's"),
                Param.optional("consecutive-failures", Param.Type.INTEGER, null, "abort after this many failures in a row"),
                new Param("error-rate-above", Param.Type.SHARE, false, null, null, "abort when the error rate exceeds this share"),
                Param.optional("over", Param.Type.DURATION, Duration.ofSeconds(5), "the error rate's window")), List.of("probe"), "guard");
        java.util.function.Function<dev.firedrill.SystemUnderTest, dev.firedrill.Probe> probe = null;
        YamlNode probeNode = m.entries().get("probe");
        if (probeNode != null) {
            List<java.util.function.Function<dev.firedrill.SystemUnderTest, dev.firedrill.Probe>> one = new ArrayList<>();
            entry(r, probeNode, Reading.child(path, "probe"), kinds, Category.PROBE, "probe", (item, p) -> one.add(probe(p)));
            probe = one.isEmpty() ? null : one.get(0);
        }
        if (r.problems.size() > before) {
            return null;
        }
        String watched = (String) v.get("path");
        String probed = probe instanceof ProbePath known ? known.path() : null;
        if (probed != null && watched == null) {
            watched = probed;
        } else if (probed != null && !watched.equals(probed)) {
            r.problem(m, Reading.child(path, "path"), "the guard watches '" + watched + "' but its probe records path '"
                    + probed + "'; leave 'path' out or make them agree");
            return null;
        }
        if (watched == null) {
            r.problem(m, path, probe == null ? "missing: a guard needs 'path' (a path the drill probes) or its own 'probe'"
                    : "missing: a guard needs 'path' here: its probe does not say which path it records under (its factory is no ProbePath)");
            return null;
        }
        Integer failures = (Integer) v.get("consecutive-failures");
        Double rate = (Double) v.get("error-rate-above");
        if ((failures == null) == (rate == null)) {
            r.problem(m, path, "a guard needs exactly one of 'consecutive-failures' (a whole number) or 'error-rate-above' (a share, e.g. 50%)");
            return null;
        }
        try {
            if (failures != null) {
                return Guard.consecutiveFailures(watched, probe, failures);
            }
            return new Guard(watched, probe, new ErrorRateDetector((Duration) v.get("over"), 5, rate, Duration.ofSeconds(1)).on(watched));
        } catch (IllegalArgumentException ex) {
            r.problem(m, path, ex.getMessage());
            return null;
        }
    }

    /**
     * The {@code workload} section: a writer kind's fields ({@code writer:} names it), and the entry's own {@code restore}
     * (how losses after the disruption are judged) and {@code warm-up} (how long it writes before the first fault).
     */
    private static void workload(Reading r, YamlNode node, Kinds kinds, Drill.Builder b) {
        entry(r, node, "workload", kinds, Category.WRITER, "writer", (item, writer) -> {
            String restore = item.entries().containsKey("restore") ? r.text(item.entries().get("restore"), "workload.restore") : "none";
            if (restore == null || !RESTORE_MODES.contains(restore)) {
                r.problem(item.entries().get("restore"), "workload.restore", "unknown restore mode '" + restore + "'; valid: "
                        + String.join(", ", RESTORE_MODES));
                return;
            }
            Duration warmUp = item.entries().containsKey("warm-up") ? r.duration(item.entries().get("warm-up"), "workload.warm-up") : Duration.ZERO;
            if (warmUp == null) {
                return;
            }
            b.workload(Workloads.configured((Workload) writer,
                    LedgerAnalysis.RestoreMode.valueOf(restore.toUpperCase(Locale.ROOT).replace('-', '_')), warmUp));
        });
    }

    /**
     * The {@code load} section: a load generator's fields, the generator named by {@code generator} or, left out, the one
     * load generator on the classpath (Gatling's, with {@code firedrill-load}).
     */
    private static void load(Reading r, YamlNode node, Kinds kinds, Drill.Builder b) {
        YamlNode.Mapping m = r.mapping(node, "load", "a load generator's fields: rate, write-share, ...");
        if (m == null) {
            return;
        }
        List<String> generators = kinds.names(Category.LOAD);
        if (!m.entries().containsKey(Category.LOAD.field()) && generators.size() != 1) {
            r.problem(m, "load", generators.isEmpty()
                    ? "no load generator is on the classpath: a drill's load needs one, e.g. Gatling's (add the dependency dev.firedrill:firedrill-load)"
                    : "name the load generator in 'generator'; valid: " + String.join(", ", generators));
            return;
        }
        if (!m.entries().containsKey(Category.LOAD.field())) {
            m = m.with(Category.LOAD.field(), generators.get(0));
        }
        entry(r, m, "load", kinds, Category.LOAD, "load generator", (item, load) -> b.workload((Workload) load));
    }

    /** A probe kind's value: a probe factory (its kind checked it is a Function). */
    @SuppressWarnings("unchecked")
    private static Function<SystemUnderTest, Probe> probe(Object value) {
        return (Function<SystemUnderTest, Probe>) value;
    }

    /** A list of entries each naming its kind of {@code category} (under the category's field); each becomes a value through its kind. */
    private static void entries(Reading r, YamlNode node, String path, Kinds kinds, Category category, String what,
            java.util.function.BiConsumer<YamlNode.Mapping, Object> add) {
        if (node == null) {
            return;
        }
        YamlNode.Sequence list = r.sequence(node, path, "of " + what + "s");
        if (list == null) {
            return;
        }
        for (int i = 0; i < list.items().size(); i++) {
            entry(r, list.items().get(i), Reading.item(path, i), kinds, category, what, add);
        }
    }

    /**
     * One entry naming its kind of {@code category} under the category's field ({@code kind}, {@code procedure}, ...), given
     * to {@code add} as the kind's value (of the category's type) when it has no problem.
     */
    private static void entry(Reading r, YamlNode node, String itemPath, Kinds kinds, Category category, String what,
            java.util.function.BiConsumer<YamlNode.Mapping, Object> add) {
        String discriminator = category.field();
        YamlNode.Mapping item = r.mapping(node, itemPath, "a " + what + " with '" + discriminator + "'");
        if (item == null) {
            return;
        }
        List<String> valid = kinds.names(category);
        YamlNode kindNode = item.entries().get(discriminator);
        if (kindNode == null) {
            r.problem(item, Reading.child(itemPath, discriminator), "missing: each " + what + " names its " + discriminator
                    + "; valid: " + String.join(", ", valid));
            return;
        }
        String name = r.text(kindNode, Reading.child(itemPath, discriminator));
        if (name == null) {
            return;
        }
        KindDescriptor<?> kind = kinds.find(category, name).orElse(null);
        if (kind == null) {
            r.problem(kindNode, Reading.child(itemPath, discriminator), "unknown " + what + " '" + name + "'"
                    + Reading.suggestion(name, valid) + "; valid: " + String.join(", ", valid));
            return;
        }
        int before = r.problems.size();
        YamlNode targetNode = item.entries().get("target");
        TargetSelector selector = null;
        if (targetNode instanceof YamlNode.Mapping m && (category == Category.FAULT || category == Category.PROCEDURE)) {
            selector = selector(r, m, Reading.child(itemPath, "target"));
            if (selector == null) {
                return;
            }
            item = item.with("target", selector.candidates().get(0));   // the kind's fields checked on one candidate
        }
        Map<String, Object> values = r.params(item, itemPath, kind.params(), category.entryFields(), what + " '" + name + "'");
        if (r.problems.size() > before) {
            return;
        }
        try {
            Object value;
            if (selector == null) {
                value = kind.build(new Args(values));
            } else {
                java.util.function.Function<String, Object> on = service -> {
                    Map<String, Object> forService = new java.util.LinkedHashMap<>(values);
                    forService.put("target", service);
                    return kind.build(new Args(forService));
                };
                selector.candidates().forEach(on::apply);   // every candidate's step can be built
                value = category == Category.FAULT ? Targets.fault(name, selector, service -> (Fault) on.apply(service))
                        : Targets.recovery(name, selector, service -> (Recovery) on.apply(service));
            }
            add.accept(item, value);
            r.kindsNamed.add(kind);
        } catch (IllegalArgumentException e) {
            r.problem(item, itemPath, e.getMessage());
        }
    }

    /** Keys of a target named by a selector instead of a service. */
    static final List<String> SELECTOR_KEYS = List.of("leader-of", "any-of", "by", "within", "seed");
    static final List<String> LEADER_CHECKS = List.of("http", "sql", "command");

    /**
     * {@code target: {leader-of: [pg1, pg2, pg3], by: {http: GET /primary, port: 8008, expect: 200}, within: 10s}} (or
     * {@code by: {sql: ..., port: 5432}}, {@code by: {command: ..., expect: role:master}}), or
     * {@code target: {any-of: [a, b], seed: 42}}: the target resolved when the step acts.
     */
    private static TargetSelector selector(Reading r, YamlNode.Mapping m, String path) {
        int before = r.problems.size();
        r.rejectUnknownKeys(m, path, SELECTOR_KEYS, "a target selector");
        boolean leader = m.entries().containsKey("leader-of");
        boolean any = m.entries().containsKey("any-of");
        if (leader == any) {
            r.problem(m, path, "a target is a service name or a selector: {leader-of: [services], by: {...}} or {any-of: [services]}");
            return null;
        }
        List<String> candidates = r.texts(m.entries().get(leader ? "leader-of" : "any-of"), Reading.child(path, leader ? "leader-of" : "any-of"));
        if (r.problems.size() > before || candidates == null) {
            return null;
        }
        try {
            if (any) {
                if (m.entries().containsKey("by") || m.entries().containsKey("within")) {
                    r.problem(m, path, "any-of picks at random: 'by' and 'within' belong to leader-of");
                    return null;
                }
                YamlNode seed = m.entries().get("seed");
                Integer s = seed == null ? null : r.integer(seed, Reading.child(path, "seed"));
                return r.problems.size() > before ? null : Targets.anyOf(candidates, s == null ? null : s.longValue());
            }
            if (m.entries().containsKey("seed")) {
                r.problem(m, path, "leader-of asks each candidate: 'seed' belongs to any-of");
                return null;
            }
            YamlNode byNode = m.entries().get("by");
            if (byNode == null) {
                r.problem(m, path, "leader-of needs 'by': how each candidate is asked whether it leads; one of " + String.join(", ", LEADER_CHECKS));
                return null;
            }
            LeaderCheck by = leaderCheck(r, byNode, Reading.child(path, "by"));
            Duration within = m.entries().containsKey("within") ? r.duration(m.entries().get("within"), Reading.child(path, "within"))
                    : LeaderOf.DEFAULT_WITHIN;
            return by == null || within == null || r.problems.size() > before ? null : Targets.leaderOf(candidates, by, within);
        } catch (IllegalArgumentException e) {
            r.problem(m, path, e.getMessage());
            return null;
        }
    }

    private static LeaderCheck leaderCheck(Reading r, YamlNode node, String path) {
        YamlNode.Mapping m = r.mapping(node, path, "one of http, sql, command with its fields");
        if (m == null) {
            return null;
        }
        int before = r.problems.size();
        Map<String, Object> v = r.params(m, path, LeaderCheck.PARAMS, List.of(), "leader check");
        if (r.problems.size() > before) {
            return null;
        }
        try {
            return LeaderCheck.of((String) v.get("http"), (String) v.get("sql"), (String) v.get("command"), (Integer) v.get("port"),
                    (String) v.get("expect"));
        } catch (IllegalArgumentException e) {
            r.problem(m, path, e.getMessage());
            return null;
        }
    }

}
