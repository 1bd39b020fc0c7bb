package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.LedgerReport;
import dev.firedrill.Marker;
import dev.firedrill.StepRecord;
import dev.firedrill.TimePoint;
import dev.firedrill.Verdict;
import dev.firedrill.fault.Faults;
import dev.firedrill.junit.Drills;
import dev.firedrill.measure.LedgerAnalysis;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.Workloads;
import dev.firedrill.recovery.Backups;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.firedrill.assertj.DrillAssertions.assertThat;

/**
 * D10, point-in-time recovery after a bad change (seeds 004 §Point-in-Time Recovery, 000 §Data Corruption):
 * the server archives WAL from its first start; while writes flow, a base backup is taken, the recovery
 * target marked ({@code recovery-point}) and a "bad migration" deletes every entry with an even amount.
 * After the hold, the damaged server is taken out of service, the base backup and the archived WAL are
 * replayed into the fresh server {@code postgres-pitr} up to the target, and the {@code postgres} proxy is
 * repointed to it. The {@code data} probe reads an entry the bad change deletes straight from the database,
 * so the RTO runs until the data is right again, not merely until writes are accepted. The can-fail variant
 * is {@link PointInTimeRecoveryWholeArchiveDrill} (a stack of its own: the restore leaves the proxy repointed).
 *
 * <p>Judged on the ledger: every write acknowledged before the target is present; every write invoked
 * between the target and the start of the recovery is absent (reported as discarded); writes to the restored
 * server are judged as in any drill; the writes between target and bad change are the RPO (window ≤ 1 s).
 */
@Drills(compose = "docker-compose.pitr.yml")
class PointInTimeRecoveryDrill {

    static final Drill D10 = Drill.builder("D10", "Point-in-time recovery after a bad change")
            .suites("quarterly")
            .runbook("004 §Point-in-Time Recovery; 000 §Data Corruption")
            .probe(Probes.ledgerData())   // no write probe: writes keep succeeding on the damaged data, its RTO would mean nothing
            .workload(Workloads.ledgerWriter(LedgerAnalysis.RestoreMode.POINT_IN_TIME))
            .preparation(Backups.base("postgres"))
            .preparation(Backups.recoveryTarget("postgres"))
            .fault(Faults.badMigration("postgres", "entries", "amount % 2 = 0"))
            .hold(Duration.ofSeconds(10))
            .recovery(Recoveries.restoreToRecoveryPoint("postgres", "postgres-pitr"))
            .recovery(Recoveries.repoint("postgres", "postgres-pitr", 5432))
            .objective(Slos.rto("data", Duration.ofMinutes(3)))
            .objective(Slos.lostBeforeRecoveryPointNone())
            .objective(Slos.presentAfterTargetNone())
            .objective(Slos.nothingLostAfterDisruption())
            .objective(Slos.rpoWindowAtMost(Duration.ofSeconds(1)))
            .recoveryBudget(Duration.ofMinutes(3))
            .build();

    @Test
    @dev.firedrill.junit.WrittenAsFile("drills/D10-point-in-time-recovery.yml")
    void restoresEverythingBeforeTheTargetAndNothingAfterIt(DrillRunner runner, Stack stack) {
        DrillResult result = runner.run(D10, stack);

        assertThat(result).hasVerdict(Verdict.PASSED).recoveredWithin("data", Duration.ofMinutes(3)).lostNothingBeforeRecoveryPoint().verify();
        LedgerReport ledger = result.measurements().ledger();
        var timeline = result.measurements().timeline();
        TimePoint target = timeline.first(Marker.RECOVERY_POINT).orElseThrow();
        TimePoint badChange = timeline.first(Marker.DISRUPTION).orElseThrow();
        TimePoint recoveryStarted = timeline.first(Marker.RECOVERY_STARTED).orElseThrow();
        org.assertj.core.api.Assertions.assertThat(target.isBefore(badChange)).isTrue();
        org.assertj.core.api.Assertions.assertThat(ledger.presentAfterTarget()).isZero();
        org.assertj.core.api.Assertions.assertThat(ledger.lostBeforeRecoveryPoint()).isZero();
        org.assertj.core.api.Assertions.assertThat(ledger.lostAfterDisruption()).as("writes to the restored server kept").isZero();
        // The bad change was live for the hold while writes were acknowledged: all of those are gone again.
        org.assertj.core.api.Assertions.assertThat(ledger.discardedAfterDisruption()).isPositive();
        org.assertj.core.api.Assertions.assertThat(ledger.lost()).hasSize(ledger.rpoLostWrites() + ledger.discardedAfterDisruption());
        org.assertj.core.api.Assertions.assertThat(ledger.rpoWindow()).isLessThanOrEqualTo(badChange.since(target));
        // The data path failed from the bad change (the entry deleted) until after the recovery started.
        var data = result.measurements().recovery("data").orElseThrow();
        org.assertj.core.api.Assertions.assertThat(data.detection()).as("the bad change seen on the data path").isNotNull();
        org.assertj.core.api.Assertions.assertThat(data.firstSteadySuccess().isBefore(recoveryStarted)).isFalse();
        org.assertj.core.api.Assertions.assertThat(result.steps()).extracting(StepRecord::name).containsExactly(
                "base backup(postgres)", "mark recovery target(postgres)",
                "inject badMigration(postgres, DELETE FROM entries WHERE amount % 2 = 0)",
                "point-in-time restore(postgres into postgres-pitr)", "repoint(postgres to postgres-pitr)");
        org.assertj.core.api.Assertions.assertThat(result.steps().get(3).output()).contains("WAL replay").contains("promoted");
        System.out.println("D10 figures: RTO(data) " + data.rto() + ", TTR " + data.ttr() + ", detection " + data.detection()
                + "; rpo_lost_writes " + ledger.rpoLostWrites() + ", rpo_window " + ledger.rpoWindow() + ", discarded "
                + ledger.discardedAfterDisruption() + ", acknowledged " + ledger.acknowledged() + "; restore: "
                + result.steps().get(3).output() + "; base backup: " + result.steps().get(0).output());
    }
}
