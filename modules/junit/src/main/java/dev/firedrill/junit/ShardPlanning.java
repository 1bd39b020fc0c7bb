package dev.firedrill.junit;

import dev.firedrill.report.RunHistory;
import dev.firedrill.report.Shard;
import dev.firedrill.report.ShardPlan;
import dev.firedrill.spec.DrillFile;
import dev.firedrill.spec.DrillFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The shard plan of this JVM's run ({@code ./drill run <suite> --shard K/N}): the Java drills of the test plan
 * ({@link ShardListener}, one unit per JUnit class) and the drill files of {@code drills/} the suite selects (a file with
 * its can-fail variant files is one unit), placed by {@link ShardPlan} from the run history
 * ({@code reports/history/rto-rpo.jsonl}, or {@code -Dfiredrill.shard.history=FILE}). Every shard computes the same plan
 * from the same inputs, and runs its own units only.
 */
final class ShardPlanning {

    /** The history file the plan balances by, when not the project's {@code reports/history/rto-rpo.jsonl}. */
    static final String HISTORY_PROPERTY = "firedrill.shard.history";
    /** {@code true}: the run only writes its shard plan ({@link #PLAN_ONLY_FILE}) and runs nothing (./drill run S --shard K/N --dry-run). */
    static final String PLAN_ONLY_PROPERTY = "firedrill.shard.plan-only";
    /** Where a plan-only run writes the plan, relative to the project. */
    static final String PLAN_ONLY_FILE = "target/shard-plan.txt";

    /** In the factory tags of the test plan: some factory of drill files is in it. */
    static final String ANY_FACTORY = "*";

    private static Map<String, Integer> javaUnits;
    private static Set<String> factoryTags;
    private static ShardPlan plan;

    private ShardPlanning() {
    }

    /** The test plan's Java drills (class → how many) and the tags of its drill-file factories. */
    static synchronized void planStarted(Map<String, Integer> java, Set<String> factories) {
        javaUnits = Map.copyOf(java);
        factoryTags = Set.copyOf(factories);
        plan = null;
    }

    /** Whether this run only plans the shards ({@link #PLAN_ONLY_PROPERTY}). */
    static boolean planOnly() {
        return Boolean.parseBoolean(System.getProperty(PLAN_ONLY_PROPERTY, "false").strip());
    }

    /** The shard of this run, if it is sharded; a malformed {@code firedrill.shard} is an error naming what is valid. */
    static Optional<Shard> shard() {
        String text = System.getProperty(Shard.PROPERTY, "");
        return text.isBlank() ? Optional.empty() : Optional.of(Shard.parse(text));
    }

    /** Whether a Java drill method with {@code tags} runs in {@code selection} (DrillExtension's rule, before sharding). */
    static boolean javaDrillSelected(Selection selection, Set<String> tags, boolean writtenAsFile) {
        if (!selection.bySuite()) {
            return true;
        }
        if (writtenAsFile && !selection.suite().equals("example")) {
            return false;
        }
        return tags.contains(selection.suite());
    }

    /** The plan for the run's shard count; throws when the run is sharded but no test plan was announced. */
    static synchronized ShardPlan plan(Shard shard) {
        if (plan != null && plan.total() == shard.total()) {
            return plan;
        }
        if (javaUnits == null) {
            throw new IllegalStateException("shard " + shard + ": the test plan was not announced, so the shards cannot be planned;"
                    + " run through the JUnit Platform launcher (Maven Surefire/Failsafe, ./drill run <suite> --shard K/N), which"
                    + " loads dev.firedrill.junit.ShardListener from META-INF/services");
        }
        Selection selection = Selection.fromSystemProperties();
        Path project = RunSession.projectDir();
        List<ShardPlan.Unit> units = new ArrayList<>();
        javaUnits.forEach((cls, n) -> units.add(new ShardPlan.Unit(ShardPlan.classUnit(cls), n)));
        if (factoryTags.contains(ANY_FACTORY)) {
            Map<String, Integer> files = new LinkedHashMap<>();
            List<DrillFile> all = drillFiles(project.resolve("drills"));
            Map<String, String> unitOf = fileUnits(all);
            for (DrillFile f : all) {
                boolean selected = factoryTags.stream().anyMatch(tag -> DrillFileSuite.picks(tag, f.drill().suites(), selection, false));
                if (selected) {
                    files.merge(unitOf.get(f.drill().id()), 1, Integer::sum);
                }
            }
            files.forEach((unit, n) -> units.add(new ShardPlan.Unit(unit, n)));
        }
        plan = ShardPlan.of(units, RunHistory.lastWallTimes(historyFile()), shard.total());
        System.out.print("drill: shard plan of suite '" + selection.suite() + "' (" + units.size() + " units):\n" + plan.describe());
        return plan;
    }

    /** The history the plan balances by. */
    static Path historyFile() {
        String configured = System.getProperty(HISTORY_PROPERTY, "");
        return configured.isBlank() ? RunSession.projectDir().resolve("reports").resolve(RunHistory.FOLDER).resolve(RunHistory.FILE)
                : RunSession.projectDir().resolve(configured);
    }

    /** The files of {@code folder} (none when it does not exist); a broken file fails, naming its problems. */
    static List<DrillFile> drillFiles(Path folder) {
        List<DrillFile> out = new ArrayList<>();
        if (java.nio.file.Files.isDirectory(folder)) {
            for (Path p : DrillFiles.list(folder)) {
                out.add(DrillFiles.read(p));
            }
        }
        return out;
    }

    /** Each file's shard unit among {@code files}: a can-fail variant ({@code expect: failed}) goes with its drill's file. */
    static Map<String, String> fileUnits(List<DrillFile> files) {
        List<String> ids = new ArrayList<>();
        Set<String> variants = new TreeSet<>();
        for (DrillFile f : files) {
            ids.add(f.drill().id());
            if (f.drill().expectsFailure()) {
                variants.add(f.drill().id());
            }
        }
        return ShardPlan.fileUnits(ids, variants);
    }

    /**
     * The shard unit of drill file {@code file}, among the files of its folder that read (a broken file elsewhere in the
     * folder does not stop this one, which ./drill run FILE runs alone).
     */
    static String fileUnit(DrillFile file) {
        Path folder = file.source().toAbsolutePath().getParent();
        List<DrillFile> files = new ArrayList<>(List.of(file));
        for (Path p : java.nio.file.Files.isDirectory(folder) ? DrillFiles.list(folder) : List.<Path>of()) {
            try {
                DrillFile other = DrillFiles.read(p);
                if (!other.drill().id().equals(file.drill().id())) {
                    files.add(other);
                }
            } catch (RuntimeException e) {
                // not this file's business: its unit depends on the ids of the files that read
            }
        }
        String unit = fileUnits(files).get(file.drill().id());
        return unit != null ? unit : ShardPlan.FILE_UNIT + file.drill().id();
    }
}
