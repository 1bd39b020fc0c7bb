package dev.firedrill.examples;

import dev.firedrill.Capability;
import dev.firedrill.Drill;
import dev.firedrill.measure.LeaderCountProbe;
import dev.firedrill.selector.LeaderCheck;
import dev.firedrill.selector.Targets;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.LedgerReport;
import dev.firedrill.Marker;
import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Verdict;
import dev.firedrill.Workload;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.fault.Faults;
import dev.firedrill.junit.Drills;
import dev.firedrill.measure.DemotionWatch;
import dev.firedrill.measure.LedgerAnalysis;
import dev.firedrill.measure.Outcome;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.ReadBack;
import dev.firedrill.measure.RedisKeys;
import dev.firedrill.measure.RedisSentinelWriter;
import dev.firedrill.measure.SentinelPrimary;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.Workloads;
import dev.firedrill.measure.Writers;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.stack.Stack;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Sentinel example (examples/sentinel): a Redis primary and two replicas under three Sentinels, a real HA system
 * beside the reference stack. The drills that need Java: S02 (a switchover) and S03 (the primary cut off from the
 * Sentinels) lose the writes a client that keeps its primary sends to the old one, and the test checks them write by
 * write against the old primary's own data, read from it before its resync ({@link DemotionWatch}), which a drill file
 * cannot say. Each runs on a whole system and targets the node Sentinel names as primary when it starts, so they run
 * in any order on the class's one stack.
 *
 * <p>S01 (the primary killed, no recovery step: Sentinel fails over by itself) and its can-fail variant are drill
 * files, {@code examples/sentinel/drills}, run by {@link SentinelExampleFilesIT}; {@link #primaryKilled} is their Java
 * form (tested equal, SentinelDrillFilesTest).
 */
@Drills(compose = "examples/sentinel/docker-compose.yml")
@Tag("examples")
class SentinelExampleIT {

    static final List<String> SENTINELS = List.of("sentinel-1", "sentinel-2", "sentinel-3");
    static final String MASTER = "mymaster";

    /**
     * S01: the primary killed (SIGKILL), whichever node it is when the fault acts ({@code leader-of} by its replication role); Sentinel's failover is the whole recovery (no recovery step: the
     * drill waits for the write path to be steady again); RTO of the write path within {@code rto}. The write path is
     * timed by a probe that follows the Sentinels, and a writer that follows them too counts the acknowledged writes
     * lost (asynchronous replication: those the old primary acknowledged but had not passed on).
     */
    static Drill primaryKilled(Duration rto) {
        return Drill.builder("S01", "Redis primary killed, Sentinel fails over")
                .suites("examples")
                .probe(Probes.redisSentinelWrite(SENTINELS, MASTER))
                .probe(new LeaderCountProbe("primaries", NODES, ROLE_MASTER, 1))
                .workload(Workloads.configured(Workloads.redisSentinelKeys(SENTINELS, MASTER, LedgerAnalysis.RestoreMode.NONE),
                        LedgerAnalysis.RestoreMode.NONE, Duration.ofSeconds(5)))
                .fault(Targets.fault("kill", Targets.leaderOf(NODES, ROLE_MASTER), Faults::kill))   // whoever is primary now
                .hold(Duration.ZERO)   // nothing to wait for: no recovery step, the drill waits for the write path to be steady
                .objective(Slos.outageExpected("write"))
                .objective(Slos.rto("write", rto))
                // Asynchronous replication: only what the old primary acknowledged just before it died may be lost.
                .objective(Slos.rpoWindowAtMost(Duration.ofSeconds(1)))
                .objective(Slos.invariant("primaries", true))   // never two primaries
                .build();
    }

    /** The Redis nodes, and how a node says it is the primary (its own replication role). */
    static final List<String> NODES = List.of("redis-1", "redis-2", "redis-3");
    static final LeaderCheck ROLE_MASTER = LeaderCheck.command("redis-cli info replication", "role:master");

    /** Each drill starts on a whole system: every Sentinel sees two replicas in sync and three Sentinels. */
    @BeforeEach
    void systemIsWhole(Stack stack) {
        Awaitility.await("every Sentinel sees 2 replicas in sync and 3 Sentinels").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> SENTINELS.stream().allMatch(s -> ready(stack, s)));
    }

    /**
     * A switchover ({@code SENTINEL FAILOVER}, a planned change) while the writer keeps its connection to the primary
     * until a write fails: the old primary goes on accepting its writes until Sentinel demotes it, some seconds after
     * the promotion, and those writes are lost. The drill must miss no-acknowledged-writes-lost; the writes it counts
     * lost must be exactly those the old primary itself held and the new one does not, read from the old primary
     * directly between its demotion and its resync ({@link DemotionWatch}), all acknowledged after the switchover began.
     * The check a drill that cuts the primary off from the Sentinels makes too.
     */
    @Test
    @Timeout(150)
    void aClientThatKeepsItsPrimaryLosesExactlyWhatTheOldPrimaryAcceptedAfterTheSwitchover(DrillRunner runner, Stack stack) {
        String old = new SentinelPrimary(stack, SENTINELS, MASTER).locate().service();
        WatchedWriter writer = new WatchedWriter(old);
        Drill switchover = Drill.builder("S02-switchover", "Switchover while a client keeps its primary")
                .suites("examples")
                .probe(Probes.redisSentinelWrite(SENTINELS, MASTER))
                .workload(writer.workload())
                .recovery(new SentinelFailover("sentinel-1", MASTER))
                .objective(Slos.noAcknowledgedWritesLost())
                .expectFailure("no-acknowledged-writes-lost")
                .build();

        DrillResult result = writer.run(runner, switchover, stack);

        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        writer.lostWritesAreExactlyThoseOnlyTheOldPrimaryHeld(result, stack);
    }

    /**
     * The partition drill: the primary cut off from the three Sentinels only, both ways, while its clients (the
     * harness, through the node's mapped port) and its replicas still reach it. The Sentinels see it down, agree and
     * promote a replica; the old primary goes on accepting the writes of a client that keeps its connection, and when
     * the partition heals Sentinel makes it a replica of the new primary, and its resync drops what it accepted alone.
     * The drill must miss no-acknowledged-writes-lost, the old primary must be demoted, and the writes counted lost must
     * be exactly those it held when demoted and the new primary does not hold, read from it before its resync.
     *
     * <p>The replicas are not cut: they go on replicating from the old primary until one of them is promoted, so what it
     * accepted between the cut and the promotion survives; what it accepted after the promotion is lost.
     */
    @Test
    @Timeout(150)
    void aPrimaryCutOffFromTheSentinelsIsDemotedAndWhatItAcceptedAloneIsLostExactly(DrillRunner runner, Stack stack) {
        String old = new SentinelPrimary(stack, SENTINELS, MASTER).locate().service();
        WatchedWriter writer = new WatchedWriter(old);
        Drill partitioned = partitionedFromTheSentinels(old, writer.workload());

        DrillResult result = writer.run(runner, partitioned, stack);

        System.out.printf("S03: %s cut off from the Sentinels; write path %s%n", old, result.measurements().recovery("write")
                .map(w -> "RTO " + w.rto().toMillis() + " ms").orElse("never down"));
        assertThat(result.verdict()).as(result.reason()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        writer.lostWritesAreExactlyThoseOnlyTheOldPrimaryHeld(result, stack);
    }

    /**
     * S03: {@code primary} cut off from the Sentinels (both ways) for {@link #PARTITION_HOLD}, its clients' path left
     * open, then healed; {@code writer}, a writer that keeps its connection to the primary until a write fails, loses
     * writes: the drill must miss no-acknowledged-writes-lost.
     */
    static Drill partitionedFromTheSentinels(String primary, Workload writer) {
        return Drill.builder("S03-partitioned-from-sentinels", "Primary cut off from the Sentinels, its clients still reach it")
                .suites("examples")
                .probe(Probes.redisSentinelWrite(SENTINELS, MASTER))
                .workload(writer)
                .fault(Faults.partition(primary).from(SENTINELS))
                .hold(PARTITION_HOLD)
                .recovery(Recoveries.healPartition(primary))
                .objective(Slos.noAcknowledgedWritesLost())
                .expectFailure("no-acknowledged-writes-lost")
                .build();
    }

    /**
     * How long the partition lasts: Sentinel fails over in about 3 s (down after 1 s, then the vote and the promotion),
     * so the old primary accepts writes alone for several seconds before the heal.
     */
    static final Duration PARTITION_HOLD = Duration.ofSeconds(10);

    /**
     * A writer that keeps its connection to the primary until a write fails ({@link SentinelPrimary.Asking#AFTER_A_FAILURE}),
     * and a {@link DemotionWatch} on the old primary {@code old}, started with the writer: both built when the drill starts.
     */
    static final class WatchedWriter {
        private final String old;
        private final AtomicReference<RedisSentinelWriter> writer = new AtomicReference<>();
        private final AtomicReference<DemotionWatch> watch = new AtomicReference<>();

        WatchedWriter(String old) {
            this.old = old;
        }

        Workload workload() {
            return Workloads.of("keys into the primary of " + MASTER + ", asked again after a failure",
                    LedgerAnalysis.RestoreMode.NONE, (system, timeline) -> {
                        RedisSentinelWriter w = Writers.redisSentinelKeys(new SentinelPrimary(system, SENTINELS, MASTER),
                                SentinelPrimary.Asking.AFTER_A_FAILURE, timeline.clock());
                        writer.set(w);
                        watch.set(DemotionWatch.start(system.endpoint(old, 6379), w.keyPrefix()));
                        return w;
                    });
        }

        /** Runs the drill; the watch stops when the run throws. */
        DrillResult run(DrillRunner runner, Drill drill, Stack stack) {
            try {
                return runner.run(drill, stack);
            } catch (RuntimeException | Error e) {
                Optional.ofNullable(watch.get()).ifPresent(DemotionWatch::close);
                throw e;
            }
        }

        /** The old primary was demoted, another node is primary, and the lost writes are exactly those only the old one held. */
        void lostWritesAreExactlyThoseOnlyTheOldPrimaryHeld(DrillResult result, Stack stack) {
            DemotionWatch.View held = watch.get().awaitDemoted(Duration.ofSeconds(60));
            String promoted = new SentinelPrimary(stack, SENTINELS, MASTER).locate().service();
            assertThat(promoted).as("the primary after the drill").isNotEqualTo(old);
            SentinelExampleIT.lostWritesAreExactlyThoseOnlyTheOldPrimaryHeld(result, writer.get(), held,
                    RedisKeys.on(stack.endpoint(promoted, 6379), writer.get().keyPrefix()));
        }
    }

    /**
     * The acknowledged writes the drill counts lost are exactly those the old primary held when it was demoted and the
     * new primary does not hold (writes that failed or whose outcome the writer never learnt are listed, not counted),
     * and each was acknowledged after the disruption began. Independent of the ledger's read-back: {@code held} is the
     * old primary's own data, read from it directly.
     */
    static void lostWritesAreExactlyThoseOnlyTheOldPrimaryHeld(DrillResult result, RedisSentinelWriter writer,
            DemotionWatch.View held, ReadBack onNewPrimary) {
        LedgerReport ledger = result.measurements().ledger();
        Set<Long> onlyOld = new TreeSet<>();
        writer.ledger().records().stream().map(r -> r.id()).distinct()
                .filter(id -> held.ids().count(id) > 0 && onNewPrimary.count(id) == 0).forEach(onlyOld::add);
        Set<Long> indeterminate = new TreeSet<>(ledger.indeterminateIds());
        indeterminate.retainAll(onlyOld);
        Set<Long> failed = new TreeSet<>(ledger.failedIds());
        failed.retainAll(onlyOld);
        Set<Long> acknowledgedOnlyOld = new TreeSet<>(onlyOld);
        acknowledgedOnlyOld.removeAll(indeterminate);
        acknowledgedOnlyOld.removeAll(failed);
        TimePoint disruption = result.measurements().timeline().first(Marker.DISRUPTION).orElseThrow();
        List<Long> lostBeforeDisruption = writer.ledger().records().stream()
                .filter(r -> r.outcome() == Outcome.ACKNOWLEDGED && ledger.lost().contains(r.id()) && r.completedAt().isBefore(disruption))
                .map(r -> r.id()).toList();
        long acknowledgedAfterDisruption = writer.ledger().records().stream()
                .filter(r -> r.outcome() == Outcome.ACKNOWLEDGED && !r.completedAt().isBefore(disruption)).count();
        System.out.printf("%s: the old primary held %d of the writer's keys when demoted (%s), %d of them not on the new primary:"
                        + " acknowledged %d, indeterminate %s, failed %s; the ledger: acknowledged %d (%d after the disruption),"
                        + " failed %d, indeterminate %d, lost %d%n", result.drillId(), held.ids().size(), held.at(), onlyOld.size(),
                acknowledgedOnlyOld.size(), indeterminate, failed, ledger.acknowledged(), acknowledgedAfterDisruption,
                ledger.failed(), ledger.indeterminate(), ledger.lostCount());
        assertThat(ledger.lost()).as("acknowledged writes lost").isNotEmpty();
        assertThat(new TreeSet<>(ledger.lost())).as("lost = acknowledged writes only the old primary held")
                .isEqualTo(acknowledgedOnlyOld);
        assertThat(lostBeforeDisruption).as("lost writes acknowledged before the disruption").isEmpty();
    }

    /** {@code SENTINEL FAILOVER <master>} asked of one Sentinel: a switchover without the Sentinels' agreement. */
    record SentinelFailover(String sentinel, String master) implements Recovery {

        @Override
        public String name() {
            return "sentinel failover(" + master + ")";
        }

        @Override
        public Set<Class<? extends Capability>> requires() {
            return Set.of(ServiceCommands.class);
        }

        @Override
        public String run(SystemUnderTest system) {
            ServiceCommands.CommandResult r = system.require(ServiceCommands.class, name())
                    .exec(sentinel, "redis-cli", "-p", "26379", "SENTINEL", "FAILOVER", master);
            if (!r.succeeded() || !r.stdout().trim().equals("OK")) {
                throw new IllegalStateException(name() + " on " + sentinel + " answered: " + r.stdout().trim() + " " + r.stderr().trim());
            }
            return sentinel + " started a failover of " + master;
        }
    }

    private static boolean ready(Stack stack, String sentinel) {
        ServiceCommands.CommandResult r = stack.commands().exec(sentinel, "redis-ha", "ready", "2", "3");
        return r.succeeded();
    }
}
