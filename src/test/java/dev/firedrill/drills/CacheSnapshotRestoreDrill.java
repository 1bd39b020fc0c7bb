package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.LedgerReport;
import dev.firedrill.Marker;
import dev.firedrill.TimePoint;
import dev.firedrill.Verdict;
import dev.firedrill.fault.Faults;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Quarterly;
import dev.firedrill.measure.LedgerAnalysis;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.RedisKeyProbe;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.Workloads;
import dev.firedrill.recovery.Backups;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.firedrill.assertj.DrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * D12, cache restore from snapshot (seed 000 §Backup: Redis {@code BGSAVE} and {@code docker cp} of the
 * RDB; §Recovery: stop Redis, copy the RDB back, start it): while keys are written into Redis, a snapshot
 * is taken (marks {@code recovery-point}); then Redis and its data are lost (container and volume
 * removed); after the hold the latest snapshot is restored into a fresh Redis. Every key acknowledged
 * before the snapshot must be back; the keys acknowledged between the snapshot and the disaster are the
 * expected loss (RPO), reported; RPO window ≤ snapshot age + 5 s; RTO of the {@code redis} data path ≤ 30 s.
 */
@Drills
class CacheSnapshotRestoreDrill {

    static final Drill D12 = Drill.builder("D12", "Cache restore from snapshot")
            .suites("quarterly")
            .runbook("000 §Backup (Redis BGSAVE); 000 §Recovery (restore RDB)")
            .probe(Probes.redisKey("redis"))
            .workload(Workloads.redisKeys("redis", LedgerAnalysis.RestoreMode.BACKUP))
            .preparation(Backups.redisSnapshot("redis"))
            .fault(Faults.destroy("redis"))
            .hold(Duration.ofSeconds(10))
            .recovery(Recoveries.restoreLatestSnapshot("redis"))
            .objective(Slos.rto(RedisKeyProbe.PATH, Duration.ofSeconds(30)))
            .objective(Slos.lostBeforeRecoveryPointNone())
            .objective(Slos.rpoWindowWithinBackupAge(Duration.ofSeconds(5)))
            .recoveryBudget(Duration.ofMinutes(1))
            .build();

    @Test
    @dev.firedrill.junit.WrittenAsFile("drills/D12-cache-snapshot-restore.yml")
    void restoredSnapshotKeepsEveryKeyBeforeItAndLosesOnlyWhatCameAfter(DrillRunner runner, Stack stack) {
        DrillResult result = runner.run(D12, stack);

        assertThat(result).hasVerdict(Verdict.PASSED).recoveredWithin(RedisKeyProbe.PATH, Duration.ofSeconds(30)).lostNothingBeforeRecoveryPoint().verify();
        LedgerReport keys = result.measurements().ledger();
        TimePoint recoveryPoint = result.measurements().timeline().first(Marker.RECOVERY_POINT).orElseThrow();
        TimePoint disruption = result.measurements().timeline().first(Marker.DISRUPTION).orElseThrow();
        assertThat(recoveryPoint.isBefore(disruption)).isTrue();
        assertThat(keys.acknowledged()).as("keys acknowledged").isGreaterThan(50);
        assertThat(keys.lostBeforeRecoveryPoint()).isZero();
        // The keys written between the snapshot and the disaster are lost (the RPO): the writer sets one every 100 ms.
        assertThat(keys.rpoLostWrites()).as("keys acknowledged after the snapshot, before the disaster").isPositive();
        assertThat(keys.lost()).hasSize(keys.rpoLostWrites() + keys.discardedAfterDisruption());
        assertThat(keys.rpoWindow()).isLessThanOrEqualTo(disruption.since(recoveryPoint).plusSeconds(5));
        assertThat(result.steps()).extracting(s -> s.name())
                .containsExactly("redis snapshot(redis)", "inject destroy(redis and its volume)", "restore latest snapshot(redis)");
        assertThat(result.steps().get(0).output()).contains("snapshot redis-").contains(".rdb");
        assertThat(result.steps().get(2).output()).contains("restored redis-").containsPattern("loaded \\d+ keys");
    }

    /** Can fail: an older snapshot than the recorded one is restored, so keys acknowledged before the recovery point are lost. */
    @Test
    @Quarterly
    void restoringAnOlderSnapshotThanTheRecordedOneFailsNamingTheDataLoss(DrillRunner runner, Stack stack) {
        Drill olderSnapshot = D12.toBuilder().id("D12-older-snapshot").title("Cache restore from snapshot, an older snapshot restored")
                .withoutPreparations()
                .preparation(Backups.redisSnapshotNotRecorded("redis"))
                .preparation(Backups.redisSnapshot("redis"))
                .withoutRecovery()
                .recovery(Recoveries.restoreOlderSnapshot("redis", 1))
                .expectFailure("lost-before-recovery-point").build();

        DrillResult result = runner.run(olderSnapshot, stack);

        assertThat(result).hasVerdict(Verdict.FAILED_AS_EXPECTED).verify();
        assertThat(result.measurements().ledger().lostBeforeRecoveryPoint()).isPositive();
        assertThat(result.reason())
                .contains("Acknowledged writes lost before the recovery point")
                .contains("destroy(redis and its volume)");
    }

    /** Can fail: nothing is restored; the data path never recovers, and the fault's undo leaves a fresh, empty Redis behind. */
    @Test
    @Quarterly
    void withoutTheRestoreTheDataPathNeverRecoversAndTheStackIsLeftWhole(DrillRunner runner, Stack stack) {
        Drill noRestore = D12.toBuilder().id("D12-no-restore").title("Cache restore from snapshot, nothing restored (must fail)")
                .withoutRecovery().recoveryBudget(FirstAidDrills.CAN_FAIL_RECOVERY_BUDGET).expectFailure("rto(redis)").build();

        DrillResult result = runner.run(noRestore, stack);

        assertThat(result).hasVerdict(Verdict.FAILED_AS_EXPECTED).verify();
        assertThat(result.reason()).contains("RTO of path 'redis'").contains("destroy(redis and its volume)");
        assertThat(stack.processes().isRunning("redis")).as("the undo of destroy(redis) started a fresh Redis").isTrue();
    }
}
