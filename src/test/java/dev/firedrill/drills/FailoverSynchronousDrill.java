package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.LedgerReport;
import dev.firedrill.Verdict;
import dev.firedrill.fault.Faults;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Quarterly;
import dev.firedrill.junit.Regression;
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
 * D11, synchronous (catalogue: "commits stall while the stream is cut and zero acknowledged writes are lost"),
 * on a stack of its own: the replica is synchronous ({@code synchronous_standby_names = '*'}), the stream is cut
 * while writes continue, then the primary is killed; the replica is promoted and the {@code postgres} proxy
 * repointed. Writes made while the stream is cut are not acknowledged, so nothing acknowledged is lost.
 */
@Drills(compose = "docker-compose.failover.yml")
@Quarterly
@Regression
class FailoverSynchronousDrill {

    static final Duration CUT = Duration.ofSeconds(5);

    static final Drill D11_SYNC = Drill.builder("D11-sync", "Primary lost, fail over to replica (synchronous)")
            .suites("quarterly", "regression")
            .runbook("000 §Complete Service Failure; 003 §Disaster recovery test")
            .probe(Probes.ledgerWrite())
            .probe(Probes.ledgerRead())
            .workload(Workloads.ledgerWriter())
            .preparation(Backups.synchronousReplica("postgres-replica", "postgres"))
            .fault(Faults.proxyDown("postgres-replication"))
            .fault(Faults.after(CUT, Faults.kill("postgres")))
            .hold(Duration.ofSeconds(5))
            .recovery(Recoveries.promoteReplica("postgres-replica"))
            .recovery(Recoveries.repoint("postgres", "postgres-replica", 5432))
            .objective(Slos.rto("write", Duration.ofSeconds(30)))
            .objective(Slos.noAcknowledgedWritesLost())
            .build();

    @Test
    void commitsStallWhileTheStreamIsCutAndNothingAcknowledgedIsLost(DrillRunner runner, Stack stack) {
        DrillResult result = runner.run(D11_SYNC, stack);

        assertThat(result).hasVerdict(Verdict.PASSED).recoveredWithin(Duration.ofSeconds(30)).verify();
        LedgerReport ledger = result.measurements().ledger();
        org.assertj.core.api.Assertions.assertThat(ledger.lost()).as("acknowledged writes lost").isEmpty();
        org.assertj.core.api.Assertions.assertThat(ledger.failed() + ledger.indeterminate())
                .as("writes not acknowledged while the stream was cut (the commits stalled)").isPositive();
        org.assertj.core.api.Assertions.assertThat(result.steps().get(0).output()).contains("sync");
        System.out.println("D11-sync figures: RTO(write) " + result.measurements().recovery("write").orElseThrow().rto()
                + "; acknowledged " + ledger.acknowledged() + ", failed " + ledger.failed() + ", indeterminate "
                + ledger.indeterminate() + ", lost " + ledger.lostCount() + "; " + result.steps().get(0).output());
    }
}
