package dev.firedrill.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.firedrill.DrillResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two shards' bundles, written and signed by the real reporters (evidence, history, bundle), merged into one run that
 * verifies; a tampered, missing, duplicated or foreign shard refuses the merge, naming it.
 */
class ShardMergeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final KeyPair keys = SigningKeys.generate();

    /** The plan each shard writes (the same in both). */
    private String plan = "shard 1/2: 1 drill: file:D01\nshard 2/2: 1 drill: class:x.FailoverDrill\n";

    /** A sealed, signed run of shard {@code shard} of {@code suite}, holding {@code result} as its one drill. */
    private Path shardRun(String id, String shard, String suite, DrillResult result, String unit) {
        Path reports = dir.resolve("reports");
        RunInfo run = new RunInfo(id, result.startedAt().wall(), reports.resolve(id), "0123abc", "runner-" + shard.charAt(0),
                "Docker 20.10.24 (API 1.41)", Map.of("ledger", "sha256:bbb"), suite, Shard.parse(shard), List.of(unit));
        Set<String> secrets = Set.of(SyntheticDrills.PASSWORD);
        Reporter reporters = Reporters.of(new EvidenceReporter(new SyntheticDrills().clock, secrets), new RunHistory(),
                new BundleReporter(secrets, () -> Optional.of(keys.getPrivate())));
        reporters.runStarted(run);
        RunFolder.writeAtomically(run.folder().resolve(ShardMerge.PLAN_FILE), plan);
        TimelineFiles.writeFor(run, result.drillId(), result.measurements().timeline(), secrets);
        reporters.drillFinished(run, result, new DrillArtifacts(null, null, Map.of(), Map.of(), Evidence.targetsFrom(result.objectives()), unit));
        reporters.runFinished(run);
        assertThat(EvidenceBundle.verify(run.folder(), keys.getPublic()).ok()).isTrue();
        return run.folder();
    }

    private Path shard1() {
        return shardRun("20260101-000000-s1", "1/2", "regression", new SyntheticDrills().failedApiServiceDown(), "file:D01");
    }

    private Path shard2() {
        return shardRun("20260101-000000-s2", "2/2", "regression", new SyntheticDrills().failoverWithTwoOutages(), "class:x.FailoverDrill");
    }

    private ShardMerge.Result merge(Path out, Path... shards) {
        return ShardMerge.merge(List.of(shards), out, keys.getPublic(), Optional.of(keys.getPrivate()), Set.of());
    }

    @Test
    void twoShardsMergeIntoOneSignedRunThatVerifies() throws Exception {
        Path out = dir.resolve("reports/merged");
        ShardMerge.Result result = merge(out, shard1(), shard2());

        assertThat(EvidenceBundle.verify(out, keys.getPublic()).problems()).isEmpty();
        Path pem = Files.writeString(dir.resolve("public.pem"), SigningKeys.publicPem(keys.getPublic()));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int exit = BundleCommands.run(List.of("verify", out.toString(), "--public-key", pem.toString()),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(exit).isZero();
        assertThat(stdout.toString(StandardCharsets.UTF_8)).startsWith("verified: ");

        JsonNode evidence = JSON.readTree(out.resolve("evidence.json").toFile());
        List<String> drills = new ArrayList<>();
        evidence.path("drills").forEach(d -> drills.add(d.path("drill").asText() + " " + d.path("unit").asText()));
        assertThat(drills).containsExactly("D01 file:D01", "D11 class:x.FailoverDrill");
        JsonNode run = evidence.path("run");
        assertThat(run.path("id").asText()).isEqualTo("merged");
        assertThat(run.path("suite").asText()).isEqualTo("regression");
        assertThat(run.path("shard").isNull()).isTrue();
        assertThat(run.path("shards")).hasSize(2);
        assertThat(run.path("shards").get(0).path("shard").asText()).isEqualTo("1/2");
        assertThat(run.path("shards").get(0).path("host").asText()).isEqualTo("runner-1");
        assertThat(run.path("shards").get(1).path("host").asText()).isEqualTo("runner-2");
        assertThat(run.path("shards").get(1).path("run").asText()).isEqualTo("20260101-000000-s2");
        assertThat(run.path("shards").get(1).path("units").get(0).asText()).isEqualTo("class:x.FailoverDrill");
        assertThat(out.resolve("D01/timeline.jsonl")).exists();
        assertThat(out.resolve(ShardMerge.PLAN_FILE)).hasContent(plan.strip());
        assertThat(out.resolve("D11/timeline.jsonl")).exists();
        assertThat(out.resolve("summary.html")).content().contains("D01").contains("D11").contains("Merged from 2 shards of suite regression")
                .contains("shard 2/2: run 20260101-000000-s2 on runner-2, 1 drills");
        assertThat(dir.resolve("reports/20260101-000000-s1/summary.html")).content().contains("Shard <b>1/2</b> of suite regression");
        assertThat(out.resolve("summary.txt")).content().contains("2 drills, merged from 2 shards of suite regression")
                .contains("shard 1/2   run 20260101-000000-s1 on runner-1: 1 drills").contains("RTO gate (rto-vs-baseline): 0 drills gated")
                .contains("FAILED: D01 failed");
        assertThat(result.passed()).isFalse();   // D01 of the synthetic drills failed an objective: the merged run says so
        assertThat(result.notPassed()).containsExactly("D01 failed");
        List<String> history = Files.readAllLines(dir.resolve("reports/history/rto-rpo.jsonl"));
        assertThat(history).hasSize(4);   // each shard's line, then the merged run's two
        assertThat(history.get(3)).contains("\"run\":\"merged\"").contains("\"drill\":\"D11\"").contains("\"unit\":\"class:x.FailoverDrill\"")
                .containsPattern("\"wall_ms\":\\d+");
        assertThat(history.get(0)).contains("\"shard\":\"1/2\"");
        assertThat(history.get(2)).contains("\"shard\":null");
        assertThat(dir.resolve("reports/history/rto-trend.svg")).content().as("the shards are parts of the merged run").contains("(1 runs)");
        assertThat(RunHistory.lastWallTimes(dir.resolve("reports/history/rto-rpo.jsonl")))
                .as("the merged run's lines plan the next shards, the shards' own do not").containsOnlyKeys("file:D01", "class:x.FailoverDrill");
    }

    @Test
    void aShardWithOneByteOfItsEvidenceChangedFailsTheMergeNamingIt() throws Exception {
        Path one = shard1();
        Path two = shard2();
        Path evidence = two.resolve("evidence.json");
        byte[] bytes = Files.readAllBytes(evidence);
        int at = new String(bytes, StandardCharsets.UTF_8).indexOf("Primary lost");
        bytes[at] = 'Q';
        Files.write(evidence, bytes);
        Path out = dir.resolve("reports/merged");

        assertThatThrownBy(() -> merge(out, one, two)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("shard 2/2 (" + two + ") does not verify").hasMessageContaining("changed: evidence.json");
        assertThat(out).doesNotExist();
    }

    @Test
    void aMissingADuplicatedOrAForeignShardFailsTheMerge() throws Exception {
        Path one = shard1();
        Path out = dir.resolve("reports/merged");

        assertThatThrownBy(() -> merge(out, one)).hasMessageStartingWith("shard 2/2 is missing: suite regression was cut into 2 shards and 1 given");
        assertThatThrownBy(() -> merge(out, one, one)).hasMessageStartingWith("shard 1/2 is given twice");
        Path quarterly = shardRun("20260101-000000-q2", "2/2", "quarterly", new SyntheticDrills().failoverWithTwoOutages(), "file:D11");
        assertThatThrownBy(() -> merge(out, one, quarterly)).hasMessageContaining("is of suite quarterly")
                .hasMessageContaining("only the shards of one suite merge");
        Path ofThree = shardRun("20260101-000000-t2", "2/3", "regression", new SyntheticDrills().failoverWithTwoOutages(), "file:D11");
        assertThatThrownBy(() -> merge(out, one, ofThree)).hasMessageContaining("is one of 3 shards");
        assertThat(out).doesNotExist();

        // the command: exit 2 and the reason, nothing written
        Path pem = Files.writeString(dir.resolve("public.pem"), SigningKeys.publicPem(keys.getPublic()));
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int exit = BundleCommands.run(List.of("merge", one.toString(), "--out", out.toString(), "--public-key", pem.toString()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("shard 2/2 is missing");
    }

    @Test
    void shardsThatPlannedTheSuiteDifferentlyDoNotMerge() {
        Path one = shard1();
        plan = "shard 1/2: 2 drills: file:D01, class:x.FailoverDrill\nshard 2/2: 0 drills: nothing\n";
        Path two = shard2();

        assertThatThrownBy(() -> merge(dir.resolve("reports/merged"), one, two)).hasMessageStartingWith("shard 2/2 (" + two
                + ") planned the suite differently from shard 1/2");
    }

    @Test
    void aShardSignedByAnotherKeyOrNotAShardIsRefused() throws Exception {
        Path one = shard1();
        Path two = shard2();
        KeyPair other = SigningKeys.generate();
        assertThatThrownBy(() -> ShardMerge.merge(List.of(one, two), dir.resolve("reports/m"), other.getPublic(), Optional.empty(), Set.of()))
                .hasMessageStartingWith("shard 1/2 (" + one + ") does not verify").hasMessageContaining("signature: ");

        RunInfo plain = SyntheticDrills.run(dir.resolve("plain"));
        EvidenceReporter evidence = new EvidenceReporter(new SyntheticDrills().clock, Set.of());
        evidence.runStarted(plain);
        evidence.runFinished(plain);
        new BundleReporter(Set.of(), () -> Optional.of(keys.getPrivate())).runFinished(plain);
        assertThatThrownBy(() -> merge(dir.resolve("reports/m"), one, plain.folder())).hasMessageContaining("is not a shard");
    }
}
