package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.LedgerReport;
import dev.firedrill.Verdict;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Quarterly;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.firedrill.assertj.DrillAssertions.assertThat;

/**
 * D10's "can fail" variant, on a stack of its own (a restore leaves the {@code postgres} proxy repointed):
 * the base backup and the whole WAL archive are replayed, not stopping at the recorded target, so the bad
 * migration comes back with the data and the drill fails naming the entries it deleted and the writes after
 * the target that survived.
 */
@Drills(compose = "docker-compose.pitr.yml")
@Quarterly
class PointInTimeRecoveryWholeArchiveDrill {

    /** Can fail: the whole archive is replayed, so the bad change comes back with the data. */
    @Test
    void replayingTheWholeArchiveFailsNamingTheBadChangesDataLoss(DrillRunner runner, Stack stack) {
        Drill wholeArchive = PointInTimeRecoveryDrill.D10.toBuilder().id("D10-whole-archive").title("Point-in-time recovery, the whole archive replayed")
                .withoutRecovery()
                .recovery(Recoveries.restoreToEndOfArchive("postgres", "postgres-pitr"))
                .recovery(Recoveries.repoint("postgres", "postgres-pitr", 5432))
                .recoveryBudget(Duration.ofSeconds(30))
                .expectFailure("present-after-target").build();

        DrillResult result = runner.run(wholeArchive, stack);

        assertThat(result).hasVerdict(Verdict.FAILED_AS_EXPECTED).verify();
        LedgerReport ledger = result.measurements().ledger();
        org.assertj.core.api.Assertions.assertThat(ledger.lostBeforeRecoveryPoint()).as("entries the bad change deleted").isPositive();
        org.assertj.core.api.Assertions.assertThat(ledger.presentAfterTarget()).as("writes after the target replayed").isPositive();
        org.assertj.core.api.Assertions.assertThat(result.reason())
                .contains("Acknowledged writes lost before the recovery point")
                .contains("Writes present that were invoked after the recovery target")
                .contains("badMigration(postgres");
    }
}
