package dev.firedrill.drills;

import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.Verdict;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Quarterly;
import dev.firedrill.stack.Stack;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.firedrill.assertj.DrillAssertions.assertThat;

/**
 * D11's "can fail" variant, on a stack of its own (the failover leaves the replica as primary):
 * replication stopped long before the primary dies, so the replica is promoted without the writes of
 * the last 15 s and the drill fails naming the data loss (the RPO window).
 */
@Drills(compose = "docker-compose.failover.yml")
@Quarterly
class FailoverReplicationStoppedDrill {

    @Test
    void promotingAReplicaWhoseReplicationWasStoppedFailsNamingTheDataLoss(DrillRunner runner, Stack stack) {
        DrillResult result = runner.run(FailoverDrill.d11("D11-replication-stopped",
                "Fail over to a replica whose replication was stopped", Duration.ofSeconds(15)).toBuilder().expectFailure("rpo-window").build(), stack);

        assertThat(result).hasVerdict(Verdict.FAILED_AS_EXPECTED).verify();
        org.assertj.core.api.Assertions.assertThat(result.measurements().ledger().rpoLostWrites()).isPositive();
        org.assertj.core.api.Assertions.assertThat(result.reason()).contains("RPO window").contains("proxy down(postgres-replication)");
    }
}
