package dev.firedrill.examples;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.LedgerReport;
import dev.firedrill.RecoveryMeasurement;
import dev.firedrill.Verdict;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.fault.Faults;
import dev.firedrill.junit.Drills;
import dev.firedrill.measure.LedgerAnalysis;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.SentinelPrimary;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.Workloads;
import dev.firedrill.stack.Stack;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static dev.firedrill.assertj.DrillAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Sentinel example (examples/sentinel): a Redis primary and two replicas under three Sentinels, a real HA system
 * beside the reference stack. The primary, whichever node it is when the drill starts, is killed (SIGKILL) and no
 * recovery step runs: Sentinel must notice (down after 1 s), agree (quorum 2) and promote a replica by itself. The
 * write path is timed by a probe that follows the Sentinels, and a writer that follows them too counts the acknowledged
 * writes lost (asynchronous replication: the writes the old primary acknowledged but had not passed on). Its can-fail
 * variant asks for an RTO shorter than Sentinel's own detection time (1 s), which no failover can meet.
 */
@Drills(compose = "examples/sentinel/docker-compose.yml")
@Tag("examples")
class SentinelExampleIT {

    static final List<String> SENTINELS = List.of("sentinel-1", "sentinel-2", "sentinel-3");
    static final String MASTER = "mymaster";

    /** The primary {@code primary} killed; Sentinel's failover is the whole recovery; RTO of the write path within {@code rto}. */
    static Drill primaryKilled(String primary, Duration rto) {
        return Drill.builder("S01", "Redis primary killed, Sentinel fails over")
                .suites("examples")
                .probe(Probes.redisSentinelWrite(SENTINELS, MASTER))
                .workload(Workloads.redisSentinelKeys(SENTINELS, MASTER, LedgerAnalysis.RestoreMode.NONE))
                .fault(Faults.kill(primary))
                .hold(Duration.ZERO)   // nothing to wait for: no recovery step, the drill waits for the write path to be steady
                .objective(Slos.outageExpected("write"))
                .objective(Slos.rto("write", rto))
                // Asynchronous replication: only what the old primary acknowledged just before it died may be lost.
                .objective(Slos.rpoWindowAtMost(Duration.ofSeconds(1)))
                .build();
    }

    /** Each drill starts on a whole system: every Sentinel sees two replicas in sync and three Sentinels. */
    @BeforeEach
    void systemIsWhole(Stack stack) {
        Awaitility.await("every Sentinel sees 2 replicas in sync and 3 Sentinels").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> SENTINELS.stream().allMatch(s -> ready(stack, s)));
    }

    @Test
    @Timeout(120)
    void sentinelPromotesAReplicaWhenThePrimaryIsKilled(DrillRunner runner, Stack stack) {
        String primary = new SentinelPrimary(stack, SENTINELS, MASTER).locate().service();

        DrillResult result = runner.run(primaryKilled(primary, Duration.ofSeconds(15)), stack);

        assertThat(result).hasVerdict(Verdict.PASSED).metAllObjectives().verify();
        String promoted = new SentinelPrimary(stack, SENTINELS, MASTER).locate().service();
        assertThat(promoted).as("the primary after the failover").isNotEqualTo(primary).startsWith("redis-");
        RecoveryMeasurement write = result.measurements().recovery("write").orElseThrow();
        LedgerReport ledger = result.measurements().ledger();
        assertThat(ledger.acknowledged()).as("writes acknowledged across the failover").isGreaterThan(50);
        System.out.printf("S01: %s killed, %s promoted; write RTO %d ms (detection %d ms); writes acknowledged %d, failed %d,"
                        + " indeterminate %d, acknowledged writes lost %d %s%n", primary, promoted, write.rto().toMillis(),
                write.detection().toMillis(), ledger.acknowledged(), ledger.failed(), ledger.indeterminate(), ledger.lostCount(),
                ledger.lost());
    }

    @Test
    @Timeout(120)
    void anRtoShorterThanSentinelsDetectionFailsAsItMust(DrillRunner runner, Stack stack) {
        String primary = new SentinelPrimary(stack, SENTINELS, MASTER).locate().service();
        Drill tooTight = primaryKilled(primary, Duration.ofMillis(500)).toBuilder()
                .id("S01-rto-below-detection").title("Redis primary killed, RTO asked below Sentinel's detection time")
                .expectFailure("rto(write)").build();

        DrillResult result = runner.run(tooTight, stack);

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        assertThat(result.measurements().recovery("write").orElseThrow().rto()).isGreaterThan(Duration.ofSeconds(1));
    }

    private static boolean ready(Stack stack, String sentinel) {
        ServiceCommands.CommandResult r = stack.commands().exec(sentinel, "redis-ha", "ready", "2", "3");
        return r.succeeded();
    }
}
