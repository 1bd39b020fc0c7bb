package dev.firedrill.junit;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.Verdict;
import dev.firedrill.spec.DrillFile;
import dev.firedrill.spec.DrillFiles;
import dev.firedrill.spec.EndpointsFile;
import dev.firedrill.external.ExternalSystem;
import dev.firedrill.stack.LoopVolumes;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static dev.firedrill.assertj.DrillAssertions.assertThat;

/**
 * Drill files as JUnit dynamic tests: the files of {@code drills/} whose {@code suites} field selects
 * them, grouped by stack (one stack per group, started before its first drill and removed after its last;
 * {@code stack.fresh: true} gets a stack of its own), each run by the same reporting runner as Java drills.
 *
 * <p>The files are the suites' catalogue drills (docs/suites.md), and any a user adds to {@code drills/}. A suite is
 * any tag: the catalogue's (smoke, regression, quarterly, load) each have a factory of their own, and every other
 * suite's files run in the factory tagged {@value #OPEN_SUITES} ({@link #openSuites}). Selection (system properties,
 * set by {@code ./drill run}): {@code firedrill.drill.file} runs that one file; {@code firedrill.suite=S} runs the
 * files in S; with no suite, each file runs once, in the factory of its first catalogue suite (smoke, regression,
 * quarterly, load order), or in the open-suites factory when it names none of them.
 *
 * <p>Example: {@code @TestFactory @Smoke Stream<DynamicNode> smoke(DrillFileSuite files) { return files.tests("smoke"); }}
 */
public final class DrillFileSuite {

    /** The tag of the factory that runs the drill files of the suites outside the catalogue ({@link #openSuites}). */
    public static final String OPEN_SUITES = "open-suites";

    private final RunSession session;
    private final ExtensionContext context;

    DrillFileSuite(RunSession session, ExtensionContext context) {
        this.session = session;
        this.context = context;
    }

    /**
     * A check a test makes after a drill file passed, beyond the drill's own objectives: something only the test can
     * judge independently (for D11, the lost writes compared with the old primary's own WAL). Throws AssertionError.
     */
    @FunctionalInterface
    public interface AfterDrill {
        void check(DrillResult result, dev.firedrill.SystemUnderTest system);
    }

    /** The drill files this factory (tagged {@code suite}) runs under the current selection; their stacks close with the factory. */
    public Stream<DynamicNode> tests(String suite) {
        return tests(suite, Map.of());
    }

    /**
     * As {@link #tests(String)}, and after a drill passes, the check {@code checks} holds for its id (the same check
     * its Java DSL example makes), on the same system, before the stack moves on.
     */
    public Stream<DynamicNode> tests(String suite, Map<String, AfterDrill> checks) {
        if (!Drill.CATALOGUE_SUITES.contains(suite)) {
            throw new IllegalArgumentException("tests(\"" + suite + "\"): there is a factory per catalogue suite ("
                    + String.join(", ", Drill.CATALOGUE_SUITES) + "); the files of other suites run in openSuites(), tagged " + OPEN_SUITES);
        }
        return nodes(select(suite), checks);
    }

    /**
     * The drill files of the suites outside the catalogue (a user's {@code suites: [payments-nightly]}), for the factory
     * tagged {@value #OPEN_SUITES}: with {@code firedrill.suite=S} (S not a catalogue suite), the files in S; with no
     * suite selected, the files that name no catalogue suite; with one file selected, that file when it names none.
     */
    public Stream<DynamicNode> openSuites() {
        return openSuites(Map.of());
    }

    /** As {@link #openSuites()}, with checks after each drill passed, as {@link #tests(String, Map)}. */
    public Stream<DynamicNode> openSuites(Map<String, AfterDrill> checks) {
        return nodes(select(OPEN_SUITES), checks);
    }

    /**
     * The drill files of a folder of their own, beside {@code drills/}, for the test class that owns them (the Sentinel
     * example's {@code examples/sentinel/drills}): every file of {@code folder} (relative to the project directory), or
     * with a suite selected, those that list it. The factory runs where its class's tags put it ({@code ./drill run
     * examples}, {@code ./drill test}); the suites' factories read {@code drills/} only, so no file runs twice.
     */
    public Stream<DynamicNode> folder(String folder) {
        Selection selection = DrillExtension.selection(context);
        List<DrillFile> out = new ArrayList<>();
        List<DrillFile> read = new ArrayList<>();
        for (Path p : DrillFiles.list(RunSession.projectDir().resolve(folder))) {
            DrillFile file = DrillFiles.read(p);   // a broken file fails the factory, naming every problem
            read.add(file);
            selection.seen(file.drill().suites());
            if (!selection.bySuite() || file.drill().suites().contains(selection.suite())) {
                out.add(file);
            }
        }
        var shard = ShardPlanning.shard();
        if (shard.isPresent()) {
            // The folder's files: with their class when it is a unit of the plan, else a plan of their own, on the same shards.
            String classUnit = dev.firedrill.report.ShardPlan.classUnit(context.getRequiredTestClass().getName());
            var plan = ShardPlanning.plan(shard.get());
            if (plan.knows(classUnit)) {
                if (!plan.runs(shard.get(), classUnit)) {
                    out.clear();
                }
            } else {
                Map<String, String> units = ShardPlanning.fileUnits(read);
                Map<String, Integer> counts = new LinkedHashMap<>();
                out.forEach(f -> counts.merge(units.get(f.drill().id()), 1, Integer::sum));
                var own = dev.firedrill.report.ShardPlan.of(counts.entrySet().stream()
                        .map(e -> new dev.firedrill.report.ShardPlan.Unit(e.getKey(), e.getValue())).toList(),
                        dev.firedrill.report.RunHistory.lastWallTimes(ShardPlanning.historyFile()), shard.get().total());
                out.removeIf(f -> !own.runs(shard.get(), units.get(f.drill().id())));
            }
        }
        selection.found(out.size());
        return nodes(out, Map.of());
    }

    private Stream<DynamicNode> nodes(List<DrillFile> files, Map<String, AfterDrill> checks) {
        Map<String, List<DrillFile>> groups = new LinkedHashMap<>();
        for (DrillFile file : files) {
            String key = file.stack().fresh() ? "fresh:" + file.source() : file.stack().compose() + " " + file.stack().services() + file.stack().environment();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(file);
        }
        List<DynamicNode> nodes = new ArrayList<>();
        String external = System.getProperty("firedrill.external", "");
        if (!external.isBlank() && !files.isEmpty()) {
            // External mode: a system started elsewhere, reached through its endpoints only; nothing is started or removed.
            ExternalSystem system = EndpointsFile.read(RunSession.projectDir().resolve(external));
            nodes.add(DynamicContainer.dynamicContainer("external system " + external, files.stream().map(file -> DynamicTest.dynamicTest(
                    file.drill().id() + " " + file.drill().title(), file.source().toUri(), () -> run(file, system, checks))).toList()));
            return nodes.stream();
        }
        for (List<DrillFile> group : groups.values()) {
            GroupStack stack = new GroupStack(group.get(0).stack(), group.size());
            context.getStore(ExtensionContext.Namespace.create(DrillFileSuite.class, UUID.randomUUID())).put("stack", stack);
            List<DynamicTest> tests = group.stream().map(file -> DynamicTest.dynamicTest(
                    file.drill().id() + " " + file.drill().title(), file.source().toUri(), () -> run(file, stack, checks))).toList();
            nodes.add(DynamicContainer.dynamicContainer("stack " + group.get(0).stack().composeNames(), tests));
        }
        return nodes.stream();
    }

    /**
     * The files the factory {@code factory} (a catalogue suite, or {@link #OPEN_SUITES}) runs; counted in the run's
     * selection. In a sharded run ({@code firedrill.shard}), only the files whose unit falls to this shard.
     */
    private List<DrillFile> select(String factory) {
        Path project = RunSession.projectDir();
        String one = System.getProperty("firedrill.drill.file", "");
        List<Path> paths = one.isBlank() ? DrillFiles.list(project.resolve("drills")) : List.of(project.resolve(one));
        Selection selection = DrillExtension.selection(context);
        List<DrillFile> out = new ArrayList<>();
        List<DrillFile> read = new ArrayList<>();
        for (Path p : paths) {
            DrillFile file = DrillFiles.read(p);   // a broken file fails the factory, naming every problem
            read.add(file);
            selection.seen(file.drill().suites());
            if (picks(factory, file.drill().suites(), selection, !one.isBlank())) {
                out.add(file);
            }
        }
        var shard = ShardPlanning.shard();
        if (shard.isPresent() && one.isBlank()) {
            var plan = ShardPlanning.plan(shard.get());
            Map<String, String> units = ShardPlanning.fileUnits(read);
            out.removeIf(file -> !plan.runs(shard.get(), units.get(file.drill().id())));
        }
        selection.found(out.size());
        return out;
    }

    /**
     * Whether the factory {@code factory} runs a file of {@code suites} under {@code selection} ({@code oneFile}: the run
     * names that one file): the rule {@link #select} and the shard plan ({@link ShardPlanning}) share.
     */
    static boolean picks(String factory, List<String> suites, Selection selection, boolean oneFile) {
        if (oneFile || !selection.bySuite()) {
            return factory.equals(home(suites, oneFile));
        }
        if (factory.equals(OPEN_SUITES)) {
            return !selection.catalogueSuite() && suites.contains(selection.suite());
        }
        return selection.suite().equals(factory) && suites.contains(factory);
    }

    /**
     * The one factory a file runs in when no suite is selected: its first catalogue suite's, else the open suites'
     * (for a file in suites of its own only, or, run by itself, in none); null: none.
     */
    private static String home(List<String> suites, boolean runAlone) {
        return Drill.CATALOGUE_SUITES.stream().filter(suites::contains).findFirst()
                .orElse(!suites.isEmpty() || runAlone ? OPEN_SUITES : null);
    }

    private void run(DrillFile file, GroupStack group, Map<String, AfterDrill> checks) {
        try {
            requireNoMistake(file, true);   // before the stack starts: a file with a mistake fails before anything starts
            Stack stack = group.stack();
            int index = 0;
            for (dev.firedrill.Recovery step : file.stack().setup()) {   // the file's setup, like a Java drill's @BeforeEach
                session.keepSetupOutput(file.drill().id(), ++index, step.name(), step.run(stack));
            }
            warmUp(stack);
            run(file, stack, checks);
        } finally {
            group.drillDone();
        }
    }

    /** What {@code ./drill plan} finds wrong with {@code file} (its policy kind, scripts, Compose file and services), as an error. */
    private static void requireNoMistake(DrillFile file, boolean onStack) {
        List<String> problems = dev.firedrill.spec.DrillPlan.problems(file, RunSession.projectDir(), onStack);
        if (!problems.isEmpty()) {
            throw new org.junit.platform.commons.PreconditionViolationException(file.source() + " would not run, nothing was started:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    private void run(DrillFile file, dev.firedrill.SystemUnderTest system, Map<String, AfterDrill> checks) {
        if (!(system instanceof Stack)) {
            requireNoMistake(file, false);
        }
        var runner = session.runner(system, ShardPlanning.fileUnit(file));
        DrillResult result = runner.withSafety(file.safety().stop(runner.safety().stop())).run(withPolicy(file), system);
        if (file.drill().expectsFailure()) {
            assertThat(result).failedAsItMust();   // a can-fail variant written as a file (expect: failed)
        } else {
            assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
        }
        AfterDrill check = checks.get(file.drill().id());
        if (check != null) {
            check.check(result, system);
        }
    }

    /** The drill with the DR policy's targets where the file sets none (drills/dr-policy.yml, or -Dfiredrill.policy). */
    static Drill withPolicy(DrillFile file) {
        String configured = System.getProperty("firedrill.policy", "");
        Path policy = RunSession.projectDir().resolve(configured.isBlank() ? "drills/dr-policy.yml" : configured);
        return java.nio.file.Files.exists(policy) ? dev.firedrill.spec.DrPolicy.read(policy).apply(file) : file.drill();
    }

    /** Until the service answers writes quickly (a cold JVM's first requests can take seconds). */
    private static void warmUp(Stack stack) {
        if (!stack.services().contains("ledger")) {
            return;
        }
        HttpClient client = HttpClient.newHttpClient();
        URI entries = stack.endpoint("ledger", 8080).httpUri().resolve("/entries");
        AtomicInteger n = new AtomicInteger();
        AtomicInteger fast = new AtomicInteger();
        org.awaitility.Awaitility.await("ledger answers writes quickly").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                    var r = client.send(HttpRequest.newBuilder(entries).timeout(Duration.ofSeconds(1))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"warm-up-" + UUID.randomUUID()
                                    + "\",\"account\":\"warm-up\",\"amount\":" + n.incrementAndGet() + "}")).build(),
                            HttpResponse.BodyHandlers.discarding());
                    return r.statusCode() == 201 ? fast.incrementAndGet() >= 20 : fast.getAndSet(0) < 0;
                });
    }

    /** A group's stack: started by its first drill, reset between drills, removed after its last (or when the factory ends). */
    private final class GroupStack implements AutoCloseable {
        private final DrillFile.Stack spec;
        private int remaining;
        private Stack stack;

        GroupStack(DrillFile.Stack spec, int drills) {
            this.spec = spec;
            this.remaining = drills;
        }

        synchronized Stack stack() {
            if (stack == null) {
                StackDefinition definition = StackDefinition.load(spec.compose().stream().map(RunSession.projectDir()::resolve).toList());
                if (!spec.services().isEmpty()) {
                    definition = definition.only(spec.services().toArray(String[]::new));
                }
                for (var service : spec.environment().entrySet()) {
                    for (var variable : service.getValue().entrySet()) {
                        definition = definition.withEnvironment(service.getKey(), variable.getKey(), variable.getValue());
                    }
                }
                if (definition.volumes().values().stream().anyMatch(v -> v.sizeLimitBytes().isPresent())) {
                    // Not root: skipped with the reason, never passed (docs/stack.md).
                    LoopVolumes.fromEnvironment().unsupportedReason().ifPresent(reason -> Assumptions.abort("skipped: " + reason));
                }
                stack = Stack.start(definition, session.id() + "-files-" + Integer.toHexString(spec.hashCode()));
            }
            return stack;
        }

        synchronized void drillDone() {
            remaining--;
            if (remaining <= 0) {
                close();
            } else if (stack != null) {
                resetProxy();
            }
        }

        private void resetProxy() {
            stack.definition().proxy().ifPresent(proxy -> {
                try {
                    var api = stack.directEndpoint(proxy.service(), 8474);
                    new ToxiproxyClient(api.host(), api.port()).reset();
                } catch (IOException | RuntimeException e) {
                    java.util.logging.Logger.getLogger(DrillFileSuite.class.getName()).warning("Could not reset the fault proxy: " + e.getMessage());
                }
            });
        }

        @Override
        public synchronized void close() {
            if (stack != null) {
                KeptStacks.closeOrKeep(stack, RunSession.projectDir());
                stack = null;
            }
        }
    }
}
