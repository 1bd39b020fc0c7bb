package dev.firedrill.drills;

import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.LedgerReport;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.TimelineEvent;
import dev.firedrill.Verdict;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.WrittenAsFile;
import dev.firedrill.measure.SystemAudit;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import static dev.firedrill.assertj.DrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * D28 (whole-system restore) and its can-fail variant, the Java forms of their files (which are the suite's members:
 * these carry no suite tag), on the whole-system stack: real PostgreSQL, Redis and the service, its receipts on a named
 * volume; pg_dump/pg_restore, BGSAVE and the RDB file read at start, tar. D28 first: the variant leaves Redis holding
 * entries the database lacks, and a set taken of that system archives the inconsistency (its file has a stack of its own).
 */
@Drills(compose = "drills/stacks/whole-system.yml")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WholeSystemRestoreDrillIT {

    @Test
    @Order(1)
    @Timeout(300)
    @WrittenAsFile("drills/D28-whole-system-restore.yml")
    void d28RestoresTheDatabaseRedisAndTheFilesToOneConsistentPoint(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(WholeSystemRestoreDrills.d28(), stack);

        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
        LedgerReport ledger = result.measurements().ledger();
        assertThat(ledger.writtenSinceRecoveryPoint()).as("writes acknowledged between the set's point and the disaster").isPositive();
        assertThat(ledger.keptSinceRecoveryPoint()).isZero();
        SystemAudit audit = audit(result);
        assertThat(audit.cached()).as("the restored Redis holds the set's cached entries").isPositive();
        assertThat(audit.receipts()).as("the restored files hold the set's receipts").isPositive();
        assertThat(audit.consistent()).isTrue();
        assertThat(result.steps().get(0).output()).contains("set system-").contains(".dump").contains(".rdb").contains("-files-")
                .contains(".tar.gz");
        assertThat(result.steps()).filteredOn(s -> s.name().startsWith("restore system")).singleElement()
                .satisfies(s -> assertThat(s.output()).contains("row counts verified").containsPattern("loaded \\d+ keys")
                        .containsPattern("extracted ledger-files-\\S+ into a fresh volume at /var/lib/ledger \\(\\d+ files\\)"));
    }

    @Test
    @Order(2)
    @Timeout(300)
    @WrittenAsFile("drills/D28-database-only.yml")
    void d28FailsWhenRedisIsLeftHoldingEntriesNewerThanTheRestoredPoint(DrillRunner runner, Stack stack) {
        DrillResult result = runner.execute(WholeSystemRestoreDrills.d28DatabaseOnly(), stack);

        assertThat(result.verdict()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        assertThat(result.objectives()).filteredOn(o -> !o.passed()).extracting(ObjectiveResult::name).containsExactly("system-consistent");
        SystemAudit audit = audit(result);
        assertThat(audit.cachedMissing()).as("entries cached since the point, gone from the restored database").isPositive();
        assertThat(audit.newerCache()).isPositive();
        assertThat(audit.newerDatabase()).isZero();
        assertThat(audit.newerFiles()).as("the files were restored from the set").isZero();
        assertThat(result.measurements().ledger().keptSinceRecoveryPoint()).as("the database alone was put back to the point").isZero();
    }

    private static SystemAudit audit(DrillResult result) {
        String note = result.measurements().timeline().events().stream().filter(e -> e.kind().equals("system-audit"))
                .map(TimelineEvent::detail).reduce((first, last) -> last).orElseThrow();
        return SystemAudit.parse(note).orElseThrow(() -> new AssertionError("the audit did not read the parts: " + note));
    }
}
