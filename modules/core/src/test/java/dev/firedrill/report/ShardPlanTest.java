package dev.firedrill.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shard plan: every unit exactly once, the same for the same inputs, balanced by history, hashed without it. */
class ShardPlanTest {

    private static List<ShardPlan.Unit> units(int n) {
        List<ShardPlan.Unit> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(new ShardPlan.Unit(String.format("file:D%02d", i), 1 + i % 3));
        }
        return out;
    }

    @Test
    void aShardIsKOfNAndAnythingElseIsAnErrorNamingWhatIsValid() {
        assertThat(Shard.parse("2/4")).isEqualTo(new Shard(2, 4));
        assertThat(Shard.parse(" 1/1 ").toString()).isEqualTo("1/1");
        assertThatThrownBy(() -> Shard.parse("5/4")).hasMessage("'5/4' is not a shard: K must be from 1 to 4 (1/4 ... 4/4)");
        assertThatThrownBy(() -> Shard.parse("0/2")).hasMessage("'0/2' is not a shard: K must be from 1 to 2 (1/2 ... 2/2)");
        assertThatThrownBy(() -> Shard.parse("1/0")).hasMessageContaining("N must be 1 or more");
        assertThatThrownBy(() -> Shard.parse("x")).hasMessage("'x' is not a shard: write K/N, the K-th of N shards (1 ≤ K ≤ N), e.g. 2/4");
        assertThatThrownBy(() -> Shard.parse("")).hasMessageContaining("write K/N");
        assertThatThrownBy(() -> Shard.parse("-1/2")).hasMessageContaining("write K/N");
    }

    @Test
    void everyUnitRunsInExactlyOneShardForEveryShardCount() {
        List<ShardPlan.Unit> units = units(17);
        Map<String, Long> history = new HashMap<>();
        for (int i = 0; i < units.size(); i += 2) {
            history.put(units.get(i).name(), 1_000L * (i + 1));   // half measured, half not
        }
        for (int total = 1; total <= 6; total++) {
            ShardPlan plan = ShardPlan.of(units, history, total);
            List<String> all = new ArrayList<>();
            for (int k = 1; k <= total; k++) {
                Shard shard = new Shard(k, total);
                List<String> mine = plan.unitsOf(shard);
                mine.forEach(u -> assertThat(plan.runs(shard, u)).isTrue());
                all.addAll(mine);
            }
            assertThat(all).hasSize(units.size()).containsExactlyInAnyOrderElementsOf(units.stream().map(ShardPlan.Unit::name).toList());
            assertThat(plan.runs(new Shard(1, total), "file:unknown")).isFalse();
        }
    }

    @Test
    void theSameInputsGiveTheSamePlanWhateverTheirOrder() {
        List<ShardPlan.Unit> units = units(12);
        Map<String, Long> history = new HashMap<>();
        units.forEach(u -> history.put(u.name(), 7_000L));   // all equal: ties broken by name
        List<ShardPlan.Placement> first = ShardPlan.of(units, history, 4).placements();
        Random random = new Random(42);
        for (int i = 0; i < 5; i++) {
            List<ShardPlan.Unit> shuffled = new ArrayList<>(units);
            Collections.shuffle(shuffled, random);
            assertThat(ShardPlan.of(shuffled, new HashMap<>(history), 4).placements()).isEqualTo(first);
        }
        // equal times, by name, longest first onto the least-loaded (lowest) shard: D01 1, D02 2, D03 3, D04 4, D05 1, ...
        ShardPlan plan = ShardPlan.of(units, history, 4);
        assertThat(plan.unitsOf(new Shard(1, 4))).containsExactly("file:D01", "file:D05", "file:D09");
        assertThat(plan.unitsOf(new Shard(4, 4))).containsExactly("file:D04", "file:D08", "file:D12");
    }

    @Test
    void measuredUnitsAreBalancedLongestFirstOntoTheLeastLoadedShard() {
        List<ShardPlan.Unit> units = List.of(new ShardPlan.Unit("class:A", 3), new ShardPlan.Unit("class:B", 1),
                new ShardPlan.Unit("file:D01", 1), new ShardPlan.Unit("file:D02", 2), new ShardPlan.Unit("file:D03", 1));
        Map<String, Long> ms = Map.of("class:A", 300_000L, "class:B", 100_000L, "file:D01", 120_000L, "file:D02", 180_000L,
                "file:D03", 90_000L);
        ShardPlan plan = ShardPlan.of(units, ms, 2);

        // 300 → 1; 180 → 2; 120 → 2 (300 each); 100 → the tie, to 1 (400); 90 → 2 (390)
        assertThat(plan.unitsOf(new Shard(1, 2))).containsExactly("class:A", "class:B");
        assertThat(plan.unitsOf(new Shard(2, 2))).containsExactly("file:D01", "file:D02", "file:D03");
        assertThat(plan.loads()).containsExactly(400_000L, 390_000L);
        assertThat(plan.placements()).allSatisfy(p -> assertThat(p.by()).isEqualTo("history"));
        assertThat(plan.describe()).isEqualTo("shard 1/2: 4 drills, ~400 s estimated (2 of 2 units measured): class:A, class:B\n"
                + "shard 2/2: 4 drills, ~390 s estimated (3 of 3 units measured): file:D01, file:D02, file:D03\n");

        // balanced on a bigger suite: the spread is at most the longest unit
        List<ShardPlan.Unit> many = new ArrayList<>();
        Map<String, Long> times = new HashMap<>();
        Random random = new Random(7);
        for (int i = 0; i < 30; i++) {
            many.add(new ShardPlan.Unit("u" + i, 1));
            times.put("u" + i, 10_000L + random.nextInt(200_000));
        }
        for (int total = 2; total <= 5; total++) {
            long[] loads = ShardPlan.of(many, times, total).loads();
            long spread = IntStream.range(0, total).mapToLong(i -> loads[i]).max().getAsLong()
                    - IntStream.range(0, total).mapToLong(i -> loads[i]).min().getAsLong();
            assertThat(spread).isLessThanOrEqualTo(Collections.max(times.values()));
        }
    }

    @Test
    void withoutHistoryUnitsGoInTheOrderOfAStableHashOfTheirNameAndEvenByDrills() {
        List<ShardPlan.Unit> units = units(10);   // 1 to 3 drills each, 20 drills
        ShardPlan plan = ShardPlan.of(units, Map.of(), 3);
        assertThat(plan.placements()).allSatisfy(p -> assertThat(p.by()).isEqualTo("hash"));
        List<ShardPlan.Unit> byHash = new ArrayList<>(units);
        byHash.sort(java.util.Comparator.comparingLong(u -> ShardPlan.hash(u.name())));
        assertThat(plan.runs(new Shard(1, 3), byHash.get(0).name())).as("the first in hash order, onto shard 1").isTrue();
        assertThat(plan.runs(new Shard(2, 3), byHash.get(1).name())).isTrue();
        assertThat(plan.runs(new Shard(3, 3), byHash.get(2).name())).isTrue();
        long[] loads = plan.loads();
        long spread = IntStream.of(0, 1, 2).mapToLong(i -> loads[i]).max().getAsLong() - IntStream.of(0, 1, 2).mapToLong(i -> loads[i]).min().getAsLong();
        assertThat(spread).as("even by drills: at most one unit's drills apart").isLessThanOrEqualTo(3 * ShardPlan.UNMEASURED_DRILL_MS);
        assertThat(ShardPlan.hash("file:D01")).isEqualTo(ShardPlan.hash("file:D01")).isNotNegative();
        assertThat(ShardPlan.hash("file:D01")).isNotEqualTo(ShardPlan.hash("file:D02"));

        // with some history: measured first, longest first; unmeasured by hash, at the median per drill, around them
        ShardPlan mixed = ShardPlan.of(units, Map.of("file:D01", 60_000L, "file:D02", 30_000L), 3);
        assertThat(mixed.placements()).filteredOn(p -> p.by().equals("history")).extracting(ShardPlan.Placement::shard)
                .containsExactly(1, 2);
        assertThat(mixed.placements()).filteredOn(p -> p.by().equals("hash")).hasSize(8)
                .allSatisfy(p -> assertThat(p.estimatedMs()).isEqualTo(p.unit().drills() * 30_000L));   // the upper median of 30 s and 10 s per drill
    }

    @Test
    void anEmptySuiteGivesEmptyShardsAndDuplicateOrWrongUnitsAreRefused() {
        ShardPlan empty = ShardPlan.of(List.of(), Map.of(), 2);
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.unitsOf(new Shard(2, 2))).isEmpty();
        assertThat(empty.describe()).contains("shard 1/2: 0 drills, ~0 s estimated (0 of 0 units measured): nothing");
        assertThatThrownBy(() -> ShardPlan.of(List.of(new ShardPlan.Unit("a", 1), new ShardPlan.Unit("a", 2)), Map.of(), 2))
                .hasMessageContaining("unit a is named twice");
        assertThatThrownBy(() -> ShardPlan.of(List.of(), Map.of(), 0)).hasMessageContaining("1 shard or more");
        assertThatThrownBy(() -> empty.runs(new Shard(1, 3), "a")).hasMessageContaining("not of this plan of 2 shards");
    }

    @Test
    void aVariantFileGoesWithItsDrillsFile() {
        Map<String, String> units = ShardPlan.fileUnits(List.of("D24", "D24-no-scale-out", "D05", "D05b", "D05b-idle-sessions-terminated",
                "steady-load", "checkout-load", "D17-alert-wrong-job"), Set.of("D24-no-scale-out", "D05b-idle-sessions-terminated", "D17-alert-wrong-job"));

        assertThat(units).containsEntry("D24-no-scale-out", "file:D24").containsEntry("D05b-idle-sessions-terminated", "file:D05b")
                .containsEntry("D05b", "file:D05b").containsEntry("steady-load", "file:steady-load")
                .containsEntry("checkout-load", "file:checkout-load")
                .containsEntry("D17-alert-wrong-job", "file:D17-alert-wrong-job");   // its drill is no file here
    }

    @Test
    void theLastRunOfEachUnitGivesItsWallTime(@TempDir Path dir) throws Exception {
        Path history = dir.resolve("rto-rpo.jsonl");
        Files.writeString(history, String.join("\n",
                "{\"run\":\"r1\",\"drill\":\"D01\",\"wall_ms\":1000,\"unit\":\"file:D01\"}",
                "{\"run\":\"r1\",\"drill\":\"D13-no-rollback\",\"wall_ms\":2000,\"unit\":\"class:x.Bad\"}",
                "{\"run\":\"r1\",\"drill\":\"D13-other\",\"wall_ms\":500,\"unit\":\"class:x.Bad\"}",
                "{\"run\":\"r0\",\"drill\":\"D02\",\"rto_ms\":5}",
                "{\"run\":\"r2\",\"drill\":\"D01\",\"wall_ms\":3000,\"unit\":\"file:D01\"}",
                "{\"run\":\"r3\",\"shard\":\"1/2\",\"drill\":\"D01\",\"wall_ms\":9000,\"unit\":\"file:D01\"}",
                "") + "\n");

        assertThat(RunHistory.lastWallTimes(history)).containsOnly(Map.entry("file:D01", 3000L), Map.entry("class:x.Bad", 2500L));
        assertThat(RunHistory.lastWallTimes(dir.resolve("none.jsonl"))).isEmpty();
    }
}
