package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.LedgerReport;
import dev.firedrill.Marker;
import dev.firedrill.Preparation;
import dev.firedrill.StepRecord;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.Verdict;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Quarterly;
import dev.firedrill.recovery.Backups;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.firedrill.assertj.DrillAssertions.assertThat;

/**
 * D10's second "can fail" variant, on a stack of its own (a restore leaves the {@code postgres} proxy
 * repointed): the WAL archive is skipped, so the fresh server holds only the base backup. Writes flow for
 * a few seconds between the end of the base backup and the recovery target; every one of them acknowledged
 * is lost, and the drill fails naming them, where a restore that replays the archive keeps them all.
 */
@Drills(compose = "docker-compose.pitr.yml")
@Quarterly
class PointInTimeRecoveryWithoutArchiveDrill {

    /** Writes acknowledged in this time fall between the base backup and the target: only the archive holds them. */
    private static final Duration WRITES_AFTER_THE_BACKUP = Duration.ofSeconds(4);

    /** Can fail: the base backup is restored alone, so the writes the archive holds are lost. */
    @Test
    void skippingTheWalArchiveFailsNamingTheWritesLostBeforeTheRecoveryPoint(DrillRunner runner, Stack stack) {
        Drill withoutArchive = PointInTimeRecoveryDrill.D10.toBuilder().id("D10-no-archive")
                .title("Point-in-time recovery, the WAL archive skipped")
                .withoutPreparations()
                .preparation(Backups.base("postgres"))
                .preparation(letWritesFlow(WRITES_AFTER_THE_BACKUP))
                .preparation(Backups.recoveryTarget("postgres"))
                .withoutRecovery()
                .recovery(Recoveries.restoreBaseBackupAlone("postgres", "postgres-pitr"))
                .recovery(Recoveries.repoint("postgres", "postgres-pitr", 5432))
                .expectFailure("lost-before-recovery-point").build();

        DrillResult result = runner.run(withoutArchive, stack);

        assertThat(result).hasVerdict(Verdict.FAILED_AS_EXPECTED).verify();
        LedgerReport ledger = result.measurements().ledger();
        org.assertj.core.api.Assertions.assertThat(ledger.lostBeforeRecoveryPoint())
                .as("writes acknowledged between the base backup and the target, held only by the skipped archive").isPositive();
        org.assertj.core.api.Assertions.assertThat(ledger.presentAfterTarget()).as("nothing after the target came back").isZero();
        // Only writes after the base backup began are lost, and most of those acknowledged while writes flowed.
        org.assertj.core.api.Assertions.assertThat(result.steps().get(0).name()).isEqualTo("base backup(postgres)");
        TimePoint backupStarted = result.steps().get(0).startedAt();
        TimePoint badChange = result.measurements().timeline().first(Marker.DISRUPTION).orElseThrow();
        org.assertj.core.api.Assertions.assertThat(ledger.rpoWindow())
                .isLessThanOrEqualTo(badChange.since(backupStarted))
                .isGreaterThanOrEqualTo(WRITES_AFTER_THE_BACKUP.minusSeconds(1));
        org.assertj.core.api.Assertions.assertThat(result.reason())
                .contains("Acknowledged writes lost before the recovery point")
                .contains("badMigration(postgres");
        StepRecord restore = result.steps().stream()
                .filter(s -> s.name().startsWith("restore the base backup alone")).findFirst().orElseThrow();
        org.assertj.core.api.Assertions.assertThat(restore.outcome()).isEqualTo("passed");
        org.assertj.core.api.Assertions.assertThat(restore.output()).contains("archived WAL segments left unused");
        System.out.println("D10-no-archive figures: lost before the recovery point " + ledger.lostBeforeRecoveryPoint()
                + ", present after the target " + ledger.presentAfterTarget() + ", RPO window " + ledger.rpoWindow() + "; restore: " + restore.output());
    }

    /** The time between the base backup and the target, in which the writer keeps writing. */
    private static Preparation letWritesFlow(Duration duration) {
        return new Preparation() {
            @Override
            public String name() {
                return "let writes flow " + duration.toSeconds() + " s";
            }

            @Override
            public String run(SystemUnderTest system, Timeline timeline) {
                try {
                    Thread.sleep(duration.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(name() + " interrupted", e);
                }
                return "waited " + duration.toMillis() + " ms";
            }
        };
    }
}
