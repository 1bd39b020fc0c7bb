package dev.firedrill.spec;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Broken drill files fail before anything starts, naming file, line, column, field path and what is valid. */
class DrillFileErrorsTest {

    private static final String GOOD = """
            id: X1
            title: Example
            suites: [regression]
            steady-state:
              probes: [{probe: write}]
            faults:
              - kind: kill
                target: ledger
            recovery:
              - procedure: restart
                target: ledger
            objectives:
              - objective: rto
                max: 45s
            """;

    private static DrillFileException broken(String text) {
        try {
            DrillFiles.parse(Path.of("drills/broken.yml"), text);
        } catch (DrillFileException e) {
            return e;
        }
        throw new AssertionError("expected the file to be rejected:\n" + text);
    }

    @Test
    void theGoodExampleReads() {
        assertThat(DrillFiles.parse(Path.of("drills/good.yml"), GOOD).drill().faults()).hasSize(1);
    }

    @Test
    void oneFaultMayMarkTheDisruptionAndTwoMayNot() {
        String two = GOOD.replace("  - kind: kill\n    target: ledger", "  - {kind: kill, target: ledger, disruption: true}\n"
                + "  - {kind: latency, target: postgres, latency: 1s}");
        var faults = DrillFiles.parse(Path.of("drills/good.yml"), two).drill().faults();
        assertThat(faults).extracting(dev.firedrill.Fault::marksDisruption).containsExactly(true, false);
        assertThat(DrillFiles.parse(Path.of("drills/good.yml"), GOOD).drill().faults().get(0).marksDisruption()).isFalse();

        DrillFileException e = broken(two.replace("latency: 1s}", "latency: 1s, disruption: true}"));
        assertThat(e.getMessage()).contains("faults").contains("at most one entry says disruption: true");
    }

    @Test
    void anObjectiveNamesWhereItsTargetComesFromAndTheFileItsBiaEntryAndRemediationOwner() {
        var drill = DrillFiles.parse(Path.of("drills/good.yml"), GOOD.replace("    max: 45s", "    max: 45s\n    source: runbook 004 §Scenario 1")
                + "exercise: {bia: BIA-2026 §4.2, remediation-owner: platform-team}\n").drill();

        assertThat(drill.objectives()).singleElement().satisfies(o -> {
            assertThat(o.source()).isEqualTo("runbook 004 §Scenario 1");
            assertThat(o.name()).isEqualTo("rto(write)");
        });
        assertThat(drill.exercise()).isEqualTo(new dev.firedrill.ExerciseFacts("BIA-2026 §4.2", "platform-team"));
        assertThat(DrillFiles.parse(Path.of("drills/good.yml"), GOOD).drill().objectives().get(0).source()).isEqualTo("drill");
    }

    @Test
    void aTargetMayBeASelectorResolvedWhenTheStepActs() {
        var drill = DrillFiles.parse(Path.of("drills/good.yml"), GOOD.replace("  - kind: kill\n    target: ledger",
                        "  - kind: kill\n    target: {leader-of: [pg1, pg2, pg3], by: {http: GET /primary, port: 8008, expect: 200}, within: 20s}")
                .replace("  - procedure: restart\n    target: ledger", "  - procedure: restart\n    target: {any-of: [ledger, ledger-b], seed: 7}"))
                .drill();

        assertThat(drill.faults()).singleElement().extracting(dev.firedrill.Fault::name)
                .isEqualTo("kill(leader-of [pg1, pg2, pg3] by GET /primary on 8008 answering 200)");
        assertThat(drill.recoveries()).singleElement().extracting(dev.firedrill.Recovery::name)
                .isEqualTo("restart(any-of [ledger, ledger-b] with seed 7)");
        assertThat(dev.firedrill.SafetyRails.none().allow("ledger").refusals(drill)).as("every candidate must be allowed")
                .anyMatch(r -> r.contains("pg1"));
    }

    @Test
    void aLeadersProbeAndAnInvariantSayNoSplitBrainInAFile() {
        var drill = DrillFiles.parse(Path.of("drills/good.yml"), GOOD.replace("probes: [{probe: write}]",
                "probes: [{probe: write}, {probe: leaders, name: primaries, of: [pg1, pg2, pg3], sql: SELECT NOT pg_is_in_recovery()}]")
                + "  - {objective: invariant, path: primaries}\n  - {objective: invariant, path: primaries-end, holds: at-end}\n").drill();

        assertThat(drill.objectives()).extracting(dev.firedrill.Objective::name)
                .contains("invariant(primaries)", "invariant(primaries-end, at end)");
        assertThat(broken(GOOD.replace("probes: [{probe: write}]", "probes: [{probe: leaders, name: p, of: [pg1], sql: x, command: y}]"))
                .getMessage()).contains("name exactly one way to ask");
        assertThat(broken(GOOD + "  - {objective: invariant, path: p, holds: sometimes}\n").getMessage()).contains("always, at-end");
    }

    @Test
    void aBadSelectorIsNamedWithWhatIsValid() {
        String kill = "  - kind: kill\n    target: ledger";
        assertThat(broken(GOOD.replace(kill, kill.replace("ledger", "{leader-of: [pg1, pg2]}"))).getMessage())
                .contains("faults[0].target: leader-of needs 'by'").contains("http, sql, command");
        assertThat(broken(GOOD.replace(kill, kill.replace("ledger", "{leader-of: [pg1], by: {http: /primary, port: 8008}}"))).getMessage())
                .contains("write the request as GET and the path");
        assertThat(broken(GOOD.replace(kill, kill.replace("ledger", "{leader-of: [pg1], by: {ping: pg1}}"))).getMessage())
                .contains("target.by.ping: unknown key 'ping' in leader check; valid keys: http, sql, command, port, expect");
        assertThat(broken(GOOD.replace(kill, kill.replace("ledger", "{leader-of: [pg1], by: {port: 8008}}"))).getMessage())
                .contains("name exactly one way to ask");
        assertThat(broken(GOOD.replace(kill, kill.replace("ledger", "{any-of: [a, a]}"))).getMessage()).contains("'a' is named twice");
        assertThat(broken(GOOD.replace(kill, kill.replace("ledger", "{one-of: [a, b]}"))).getMessage()).contains("one-of")
                .contains("leader-of");
        assertThat(broken(GOOD.replace(kill, kill.replace("ledger", "{any-of: [a, b], by: {sql: select true}}"))).getMessage())
                .contains("'by' and 'within' belong to leader-of");
    }

    @Test
    void aBlankSourceOrAnUnknownExerciseFieldIsRejected() {
        assertThat(broken(GOOD.replace("    max: 45s", "    max: 45s\n    source: ''")).getMessage()).contains("source: must not be empty");
        assertThat(broken(GOOD + "exercise: {owner: me}\n").getMessage()).contains("exercise.owner").contains("remediation-owner");
    }

    @Test
    void unknownFaultKindListsTheValidKinds() {
        DrillFileException e = broken(GOOD.replace("kind: kill", "kind: kil"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("drills/broken.yml");
            assertThat(p.line()).isEqualTo(7);
            assertThat(p.column()).isEqualTo(11);
            assertThat(p.path()).isEqualTo("faults[0].kind");
            assertThat(p.message()).contains("unknown fault 'kil'").contains("did you mean 'kill'").contains("latency, bandwidth");
        });
        assertThat(e.getMessage()).startsWith("Drill file not valid: drills/broken.yml:7:11: faults[0].kind:");
    }

    @Test
    void unknownKeysAreRejectedWithTheValidOnes() {
        DrillFileException e = broken(GOOD.replace("suites:", "suits:"));
        assertThat(e.getMessage()).contains("broken.yml:3:1: suits: unknown key 'suits'").contains("did you mean 'suites'")
                .contains("valid keys: id, title");
        assertThat(broken(GOOD.replace("target: ledger\nrecovery", "target: ledger\n    tagret: x\nrecovery")).getMessage())
                .contains("faults[0].tagret: unknown key 'tagret' in fault 'kill'").contains("valid keys: kind, after, disruption, target");
    }

    @Test
    void aDurationWithoutUnitIsRejected() {
        DrillFileException e = broken(GOOD.replace("max: 45s", "max: 45"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("objectives[0].max");
            assertThat(p.line()).isEqualTo(14);
            assertThat(p.message()).contains("has no unit").contains("ms, s, m or h");
        });
    }

    @Test
    void missingTargetAndMissingObjectiveValueAreNamed() {
        DrillFileException e = broken(GOOD.replace("    target: ledger\nrecovery", "recovery").replace("    max: 45s\n", ""));
        assertThat(e.problems()).extracting(DrillFileException.Problem::path).containsExactly("faults[0].target", "objectives[0].max");
        assertThat(e.getMessage()).contains("2 problems").contains("fault 'kill' needs 'target'").contains("objective 'rto' needs 'max'");
    }

    @Test
    void wrongTypesMalformedSuitesAndBadYamlAreNamed() {
        assertThat(broken(GOOD.replace("suites: [regression]", "suites: [Regression]")).getMessage())
                .contains("suites[0]: 'Regression' is not a suite name: a suite is a tag of lower-case letters, digits and hyphens")
                .contains("the catalogue's suites are smoke, regression, quarterly, load");
        assertThat(broken(GOOD.replace("suites: [regression]", "suites: [regression, drill]")).getMessage())
                .contains("suites[1]: 'drill' cannot name a suite");
        assertThat(broken(GOOD.replace("probes: [{probe: write}]", "probes: write")).getMessage())
                .contains("steady-state.probes: must be a list");
        assertThat(broken(GOOD.replace("id: X1", "id: X1\nid: X2")).getMessage()).contains("appears twice");
        assertThat(broken(GOOD.replace("title: Example", "title: [Example")).getMessage()).contains("not valid YAML");
        assertThat(broken(GOOD.replace("  probes: [{probe: write}]", "  steady-run: 5")).getMessage())
                .contains("steady-state.probes: missing: at least one probe; kinds: write, read, get, data, cache-hit, tls");
    }

    @Test
    void anyTagOfLowerCaseLettersDigitsAndHyphensIsASuite() {
        assertThat(DrillFiles.parse(Path.of("drills/good.yml"), GOOD.replace("suites: [regression]", "suites: [regression, payments-nightly]"))
                .drill().suites()).containsExactly("regression", "payments-nightly");
    }

    @Test
    void expectOutageNamesOneOrSeveralPathsThatMustGoDown() {
        assertThat(DrillFiles.parse(Path.of("drills/good.yml"), GOOD + "expect-outage: write\n").drill().objectives())
                .extracting(dev.firedrill.Objective::name).contains("expect-outage(write)");
        assertThat(DrillFiles.parse(Path.of("drills/good.yml"), GOOD + "expect-outage: [write, read]\n").drill().objectives())
                .extracting(dev.firedrill.Objective::name).contains("expect-outage(write)", "expect-outage(read)");
        assertThat(broken(GOOD + "expect-outage: {path: write}\n").getMessage()).contains("expect-outage");
    }

    @Test
    void aCanFailVariantWrittenAsAFileNamesTheObjectivesItMustMiss() {
        assertThat(DrillFiles.parse(Path.of("drills/good.yml"), GOOD + "expect: {verdict: failed, missing: [rto(write)]}\n").drill().mustMiss())
                .containsExactly("rto(write)");
        assertThat(broken(GOOD + "expect: {verdict: failed}\n").getMessage()).contains("expect.missing: a drill expected to fail names");
        assertThat(broken(GOOD + "expect: {verdict: failed, missing: [rto(wirte)]}\n").getMessage())
                .contains("expects to miss 'rto(wirte)', which is none of its objectives: [rto(write)]");
        assertThat(broken(GOOD + "expect: {verdict: maybe}\n").getMessage()).contains("expect.verdict: 'maybe' is not valid");
    }

    @Test
    void theLoadSectionIsReadByItsLoadGeneratorGatlingUnlessAnotherIsNamed() {
        assertThat(DrillFiles.parse(Path.of("drills/good.yml"), GOOD + "load: {rate: 20, write-share: 10%}\n").drill().workloads())
                .extracting(dev.firedrill.Workload::name).singleElement().asString().contains("ledger:8080");
        assertThat(broken(GOOD + "load: {generator: jmeter}\n").getMessage())
                .contains("load.generator: unknown load generator 'jmeter'; valid: gatling");
        assertThat(broken(GOOD + "load: {rate: 20, ramp: 5s}\n").getMessage()).contains("load.ramp").contains("rate");
    }

    @Test
    void aSimulationOfYourOwnIsNamedByAClassOnTheClasspathAndTakesItsOwnFields() {
        String checkout = "load: {simulation: com.example.shop.CheckoutSimulation, base-url-property: shop.baseUrl, "
                + "properties: {shop.usersPerSecond: \"10\"}}\n";
        var drill = DrillFiles.parse(Path.of("drills/good.yml"), GOOD + checkout + "expect: {verdict: failed, missing: "
                + "[gatling-assertions(CheckoutSimulation)]}\n").drill();
        assertThat(drill.workloads()).extracting(dev.firedrill.Workload::name)
                .containsExactly("Gatling CheckoutSimulation on ledger:8080 with {shop.usersPerSecond=10}");
        assertThat(drill.mustMiss()).as("its assertions are an objective a can-fail variant may name")
                .containsExactly("gatling-assertions(CheckoutSimulation)");

        DrillFileException missing = broken(GOOD + checkout.replace("com.example.shop", "com.acme"));
        assertThat(missing.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(15);
            assertThat(p.path()).isEqualTo("load");
            assertThat(p.message()).contains("Gatling simulation class 'com.acme.CheckoutSimulation' is not on the classpath");
        });
        assertThat(broken(GOOD + checkout.replace("com.example.shop.CheckoutSimulation", "java.util.ArrayList")).getMessage())
                .contains("'java.util.ArrayList' is not a Gatling simulation: a simulation extends io.gatling.javaapi.core.Simulation");
        assertThat(broken(GOOD + checkout.replace("}}", "}, rate: 30, write-share: 0.2}")).getMessage())
                .contains("load: rate, write-share: only for the built-in simulation; com.example.shop.CheckoutSimulation has its own");
        assertThat(broken(GOOD + "load: {rate: 20, properties: {a: b}}\n").getMessage())
                .contains("load: properties: only for a simulation of your own");
    }

    @Test
    void aWorkloadWithAnUnknownWriterOrAFieldItsWriterDoesNotTakeIsNamed() {
        assertThat(broken(GOOD + "workload: {writer: redsi}\n").getMessage())
                .contains("workload.writer: unknown writer 'redsi' (did you mean 'redis'?); valid: ledger, service, redis, redis-sentinel, sql");
        assertThat(broken(GOOD + "workload: {writer: redis, port: 6380}\n").problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("workload.port");
            assertThat(p.line()).isEqualTo(15);
            assertThat(p.message()).as("a Redis writer sets its keys on 6379").contains("unknown key 'port'").contains("service");
        });
        assertThat(broken(GOOD + "workload: {writer: sql, table: Drop-Table}\n").getMessage()).contains("plain lower-case name");
        assertThat(broken(GOOD + "workload: {writer: ledger, restore: sometimes}\n").getMessage())
                .contains("unknown restore mode 'sometimes'; valid: none, backup, point-in-time");
        assertThat(DrillFiles.parse(Path.of("drills/good.yml"), GOOD + "workload: {writer: redis}\n").drill().workloads())
                .extracting(dev.firedrill.Workload::name).containsExactly("keys into redis:6379");
        assertThat(DrillFiles.parse(Path.of("drills/good.yml"), GOOD + "workload: {writer: sql, warm-up: 10s, restore: backup}\n").drill()
                .workloads()).singleElement().satisfies(w -> {
                    assertThat(w.name()).isEqualTo("canary rows into postgres:5432 (firedrill_canary)");
                    assertThat(w.warmUp()).hasSeconds(10);
                    assertThat(dev.firedrill.measure.Workloads.restoreMode(w)).contains(dev.firedrill.measure.LedgerAnalysis.RestoreMode.BACKUP);
                });
    }

    @Test
    void aValueTheDslRejectsIsReportedAtItsEntry() {
        DrillFileException e = broken(GOOD + "  - objective: error-rate\n    path: read\n    phase: durign\n    below: 2\n");
        assertThat(e.getMessage()).contains("objectives[1].phase: 'durign' is not valid (did you mean 'during'?)")
                .contains("objectives[1].below: must be a share");
    }
}
