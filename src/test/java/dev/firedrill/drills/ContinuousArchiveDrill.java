package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.LedgerReport;
import dev.firedrill.Marker;
import dev.firedrill.Objective;
import dev.firedrill.TimePoint;
import dev.firedrill.TimelineEvent;
import dev.firedrill.Verdict;
import dev.firedrill.fault.Faults;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.WrittenAsFile;
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
import static java.time.Duration.ofSeconds;

/**
 * D27, continuous archive (runbook 004 §PITR, §Automated Backup): the server archives every WAL segment with pgBackRest
 * ({@code archive_timeout} 5 s) into a repository that survives it; pgBackRest's scheduled backups (full, then diff) every
 * 20 s standing for 24 h; the database destroyed 2 s before the next backup is due, as in D26; {@code pgbackrest restore}
 * replays the whole archive into a fresh data directory. The writes lost are exactly those after the last commit the
 * archive held; the window is within the archive lag, not a cadence. The Java forms of the two files, which are the
 * suite's members (these carry no suite tag).
 */
@Drills(compose = "drills/stacks/pgbackrest.yml")
class ContinuousArchiveDrill {

    static final Duration CADENCE = ofSeconds(20);
    /** archive_timeout (drills/stacks/pgbackrest.yml) plus as long again for the switch and the push. */
    static final Duration ARCHIVE_LAG_BOUND = ofSeconds(10);

    static final Drill D27 = Drill.builder("D27", "Continuous archive")
            .suites("quarterly")
            .runbook("004 §PITR; 004 §Automated Backup")
            .probe(Probes.ledgerWrite())
            .probe(Probes.ledgerRead())
            .workload(Workloads.ledgerWriter(LedgerAnalysis.RestoreMode.BACKUP))
            .preparation(Backups.pgBackRestSchedule("postgres", CADENCE, Duration.ofHours(24), 2, 2, ofSeconds(2)))
            .fault(Faults.destroy("postgres"))
            .hold(ofSeconds(5))
            .recovery(Recoveries.pgBackRestRestore("postgres"))
            .recoveryBudget(Duration.ofMinutes(2))
            .objective(Slos.rto("write", Duration.ofMinutes(2)))
            .objective(Slos.lostExactlySinceRecoveryPoint())
            .objective(Objective.from("the archive lag: archive_timeout 5 s plus 5 s for the switch and the push",
                    Slos.rpoWindowAtMost(ARCHIVE_LAG_BOUND)))
            .build();

    /** Can fail: the latest backup restored alone (--type=immediate), the archive since left unused. */
    static final Drill D27_BACKUP_ALONE = D27.toBuilder().id("D27-backup-alone").title("Continuous archive, the backup restored alone")
            .withoutRecovery()
            .recovery(Recoveries.pgBackRestRestoreBackupAlone("postgres"))
            .expectFailure("lost-exactly-since-recovery-point", "rpo-window").build();

    @Test
    @WrittenAsFile("drills/D27-continuous-archive.yml")
    void theWritesLostAreExactlyThoseTheArchiveHadNotYetReceived(DrillRunner runner, Stack stack) {
        DrillResult result = runner.run(D27, stack);

        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
        LedgerReport ledger = result.measurements().ledger();
        TimePoint recoveryPoint = result.measurements().timeline().first(Marker.RECOVERY_POINT).orElseThrow();
        TimePoint disruption = result.measurements().timeline().first(Marker.DISRUPTION).orElseThrow();
        org.assertj.core.api.Assertions.assertThat(disruption.since(recoveryPoint)).as("the archive lagged by less than the bound")
                .isBetween(Duration.ZERO, ARCHIVE_LAG_BOUND);
        org.assertj.core.api.Assertions.assertThat(ledger.keptSinceRecoveryPoint()).isZero();
        org.assertj.core.api.Assertions.assertThat(result.measurements().timeline().events()).extracting(TimelineEvent::kind)
                .contains("archive-lag", "wal-archiving");
        org.assertj.core.api.Assertions.assertThat(result.steps().get(0).output())
                .contains("stanza ledger").contains("archive_timeout 5s").contains("full ").contains("diff ");
        org.assertj.core.api.Assertions.assertThat(result.steps().get(2).output()).contains("--type=default").contains("a primary");
    }

    @Test
    @WrittenAsFile("drills/D27-continuous-archive-backup-alone.yml")
    void restoringTheBackupAloneLosesTheArchivedWritesAndFails(DrillRunner runner, Stack stack) {
        DrillResult result = runner.run(D27_BACKUP_ALONE, stack);

        assertThat(result).hasVerdict(Verdict.FAILED_AS_EXPECTED).verify();
        org.assertj.core.api.Assertions.assertThat(result.measurements().ledger().lostBeforeRecoveryPoint()).isPositive();
        org.assertj.core.api.Assertions.assertThat(result.reason()).contains("lost from before it").contains("RPO window");
    }
}
