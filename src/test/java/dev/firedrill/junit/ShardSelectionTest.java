package dev.firedrill.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Sharded runs through the real JUnit Platform launcher (which loads {@link ShardListener} from META-INF/services), on
 * fixture drills that start nothing: Java drills split by class, drill files by file with their variants, each exactly
 * once over the shards, the shard named in the run's evidence; an empty shard passes, a suite of nothing fails.
 */
class ShardSelectionTest {

    static final List<String> RAN = Collections.synchronizedList(new ArrayList<>());
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path project;

    @BeforeEach
    void setUp() throws Exception {
        RAN.clear();
        System.setProperty("firedrill.project.dir", project.toString());
        System.setProperty("firedrill.suite", "shardtest");
        Path drills = Files.createDirectories(project.resolve("drills"));
        Files.writeString(drills.resolve("F1.yml"), file("F1", ""));
        Files.writeString(drills.resolve("F1-variant.yml"), file("F1-variant", "objectives: [{objective: ttr, path: write, max: 10s}]\nexpect: {verdict: failed, missing: [ttr(write)]}\n"));
        Files.writeString(drills.resolve("F2.yml"), file("F2", ""));
        Files.writeString(drills.resolve("F3.yml"), file("F3", ""));
        Files.writeString(drills.resolve("other.yml"), "id: other\ntitle: t\nsuites: [smoke]\nsteady-state: {probes: [{probe: write}]}\n");
    }

    @AfterEach
    void tearDown() {
        for (String p : List.of("firedrill.project.dir", "firedrill.suite", "firedrill.shard", "firedrill.shard.plan-only")) {
            System.clearProperty(p);
        }
    }

    private static String file(String id, String more) {
        return "id: " + id + "\ntitle: t\nsuites: [shardtest]\nsteady-state: {probes: [{probe: write}]}\n" + more;
    }

    private TestExecutionSummary run(String shard) {
        if (shard == null) {
            System.clearProperty("firedrill.shard");
        } else {
            System.setProperty("firedrill.shard", shard);
        }
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(DrillsA.class),
                selectClass(DrillsB.class), selectClass(DrillsC.class), selectClass(Files_.class)).build(), summary);
        return summary.getSummary();
    }

    private static List<String> failures(TestExecutionSummary s) {
        return s.getFailures().stream().map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException()).toList();
    }

    @Test
    void everyDrillRunsInExactlyOneShardAndEachShardNamesItselfInItsEvidence() throws Exception {
        TestExecutionSummary unsharded = run(null);
        assertThat(unsharded.getTotalFailureCount()).as("%s", failures(unsharded)).isZero();
        List<String> whole = new ArrayList<>(RAN);
        assertThat(whole).containsExactlyInAnyOrder("A.beforeAll", "A.one", "A.two", "B.one", "C.one", "file F1", "file F1-variant", "file F2", "file F3");

        for (int total = 2; total <= 3; total++) {
            List<String> all = new ArrayList<>();
            Set<String> plans = new HashSet<>();
            for (int k = 1; k <= total; k++) {
                RAN.clear();
                TestExecutionSummary s = run(k + "/" + total);
                assertThat(s.getTotalFailureCount()).as("shard %s/%s: %s", k, total, failures(s)).isZero();
                List<String> mine = new ArrayList<>(RAN);
                assertThat(mine.contains("A.beforeAll")).as("a class of another shard stands aside whole").isEqualTo(mine.contains("A.one"));
                if (mine.contains("A.one") || mine.contains("A.two")) {
                    assertThat(mine).as("a JUnit class is one unit").contains("A.one", "A.two");
                }
                if (mine.contains("file F1") || mine.contains("file F1-variant")) {
                    assertThat(mine).as("a file and its variant").contains("file F1", "file F1-variant");
                }
                JsonNode run = JSON.readTree(project.resolve("reports/latest/evidence.json").toFile()).path("run");
                assertThat(run.path("shard").asText()).isEqualTo(k + "/" + total);
                assertThat(run.path("suite").asText()).isEqualTo("shardtest");
                assertThat(run.path("shard_units")).isNotNull();
                plans.add(Files.readString(project.resolve("reports/latest/shard-plan.txt")));
                all.addAll(mine);
            }
            assertThat(all).as("%s shards", total).containsExactlyInAnyOrderElementsOf(whole);
            assertThat(plans).as("every shard planned alike").hasSize(1);
            assertThat(plans.iterator().next()).contains("shard " + total + "/" + total + ": ").contains("file:F1");
        }
    }

    @Test
    void anEmptyShardPassesSayingSoButASuiteOfNothingFailsEveryShard() throws Exception {
        Set<Integer> empty = new HashSet<>();
        List<String> all = new ArrayList<>();
        for (int k = 1; k <= 9; k++) {   // 6 units on 9 shards: some are empty
            RAN.clear();
            TestExecutionSummary s = run(k + "/9");
            assertThat(s.getTotalFailureCount()).as("shard %s/9: %s", k, failures(s)).isZero();
            if (RAN.isEmpty()) {
                empty.add(k);
                JsonNode run = JSON.readTree(project.resolve("reports/latest/evidence.json").toFile()).path("run");
                assertThat(run.path("shard").asText()).isEqualTo(k + "/9");
                assertThat(run.path("shard_units")).isEmpty();
            }
            all.addAll(RAN);
        }
        assertThat(empty).isNotEmpty();
        assertThat(all).hasSize(9);

        System.setProperty("firedrill.suite", "nothing-here");
        RAN.clear();
        TestExecutionSummary none = run("1/2");
        assertThat(RAN).isEmpty();
        assertThat(none.getTotalFailureCount()).isPositive();
        assertThat(none.getFailures().get(0).getException()).rootCause().hasMessageContaining("suite 'nothing-here' selected no drill");
    }

    @Test
    void aDryRunWritesThePlanOfEveryShardAndRunsNothing() throws Exception {
        System.setProperty("firedrill.shard.plan-only", "true");
        TestExecutionSummary s = run("1/2");

        assertThat(RAN).isEmpty();
        assertThat(s.getTotalFailureCount()).isZero();
        assertThat(project.resolve("reports")).doesNotExist();
        assertThat(project.resolve("target/shard-plan.txt")).content().startsWith("Shard plan of suite 'shardtest' (6 units, history ")
                .contains("shard 1/2: 4 drills").contains("shard 2/2: 4 drills").contains("file:F1").contains("$DrillsA");
    }

    @Test
    void aMalformedShardFailsNamingWhatIsValid() {
        TestExecutionSummary s = run("5/4");
        assertThat(RAN).isEmpty();
        assertThat(s.getTotalFailureCount()).isPositive();
        assertThat(s.getFailures().get(0).getException()).hasMessageEndingWith("'5/4' is not a shard: K must be from 1 to 4 (1/4 ... 4/4)");
    }

    @Drills
    @Tag("shardtest")
    static class DrillsA {
        @org.junit.jupiter.api.BeforeAll
        static void startsAStack() {
            RAN.add("A.beforeAll");
        }

        @Test
        void one() {
            RAN.add("A.one");
        }

        @Test
        void two() {
            RAN.add("A.two");
        }
    }

    @Drills
    static class DrillsB {
        @Test
        @Tag("shardtest")
        void one() {
            RAN.add("B.one");
        }

        @Test
        @Tag("elsewhere")
        void notInTheSuite() {
            RAN.add("B.elsewhere");
        }
    }

    @Drills
    @Tag("shardtest")
    static class DrillsC {
        @Test
        void one() {
            RAN.add("C.one");
        }
    }

    /** The drill files the open-suites factory picks in this shard, recorded, none run (no stack starts). */
    @Drills
    static class Files_ {
        @TestFactory
        @Tag(DrillFileSuite.OPEN_SUITES)
        Stream<org.junit.jupiter.api.DynamicNode> openSuites(DrillFileSuite files) {
            files.openSuites().flatMap(n -> ((org.junit.jupiter.api.DynamicContainer) n).getChildren())
                    .forEach(t -> RAN.add("file " + t.getDisplayName().split(" ")[0]));
            return Stream.empty();
        }
    }
}
