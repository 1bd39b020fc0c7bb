package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.Phase;
import dev.firedrill.Probe;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.fault.Faults;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.Workloads;
import dev.firedrill.recovery.Recoveries;

import java.time.Duration;
import java.util.function.Function;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;

/**
 * The first-aid drills of the catalogue (D02, D04, D05, D06, D07, D08, D15) as Java {@link Drill} values,
 * the Java DSL form of their drill files, which are the suite members (docs/suites.md). Each has a
 * "can fail" variant: the fix skipped or wrong.
 */
public final class FirstAidDrills {

    /** Bound on waiting for recovery in the "can fail" variants: they must fail, quickly. */
    static final Duration CAN_FAIL_RECOVERY_BUDGET = ofSeconds(20);

    private FirstAidDrills() {
    }

    /** Writes probed with a 5 s timeout, so that "fails fast" (the service's 2 s database timeout) is measured, not cut off. */
    static Function<SystemUnderTest, Probe> patientWrite() {
        return Probes.write("ledger", 8080).timeout(ofSeconds(5));
    }

    static Function<SystemUnderTest, Probe> readiness() {
        return Probes.get("ready", "ledger", 8080, "/ready");
    }

    /** D02: the proxy in front of PostgreSQL goes down; restoring the path is the fix; the pool recovers by itself. */
    public static Drill d02() {
        return Drill.builder("D02", "Database unreachable")
                .suites("smoke", "regression")
                .runbook("000 §Database Connection Issues, 002 §Backhaul loss")
                .probe(patientWrite()).probe(Probes.ledgerRead()).probe(readiness())
                .workload(Workloads.ledgerWriter())
                .fault(Faults.down("postgres"))
                .recovery(Recoveries.revertFaults())
                .objective(Slos.outageExpected("write"))
                .objective(Slos.detectionWithin("ready", ofSeconds(5)))
                .objective(Slos.errorRateBelow("read", Phase.DURING, 0.01))
                .objective(Slos.latencyPercentileBelow("write", Phase.DURING, 99, ofMillis(3000)))
                .objective(Slos.noAcknowledgedWritesLost())
                .objective(Slos.ttr("write", ofSeconds(10)))
                .build();
    }

    /** D04: a session holds ACCESS EXCLUSIVE on entries with uncommitted work; the blocker is found and terminated. */
    public static Drill d04() {
        return Drill.builder("D04", "Table lock")
                .suites("smoke", "regression")
                .runbook("000 §Check locks, 004 §Identify long-running queries")
                .probe(Probes.ledgerWrite()).probe(Probes.ledgerRead())
                .workload(Workloads.ledgerWriter())
                // The holder's uncommitted work deletes every entry: were it committed, acknowledged writes would be lost.
                .fault(Faults.lockTable("postgres", "entries").holding("DELETE FROM entries"))
                .recovery(Recoveries.terminateBlockers("postgres"))
                .objective(Slos.ttr("write", ofSeconds(15)))
                .objective(Slos.noAcknowledgedWritesLost())
                .build();
    }

    /**
     * D05: with max_connections = 30, idle and idle-in-transaction sessions of an ordinary role take every free slot and
     * the service's own sessions are terminated, so its pool cannot reconnect; the DBA (a superuser, through a reserved
     * slot) terminates idle sessions older than 5 s that are not the service's. Runs on drills/stacks/connection-exhaustion.yml.
     */
    public static Drill d05() {
        return Drill.builder("D05", "Connection exhaustion")
                .suites("regression")
                .runbook("004 §Scenario 2, 001 §too many connections, 000 §Kill idle connections")
                .probe(Probes.ledgerWrite()).probe(readiness())
                .workload(Workloads.ledgerWriter())
                .fault(Faults.exhaustConnections("postgres").asRole("idle_client").terminating("ledger"))
                .recovery(Recoveries.terminateIdleSessions("postgres", ofSeconds(5)).sparing("ledger"))
                .objective(Slos.namesCause("ready", "too many clients"))
                .objective(Slos.ttr("write", ofSeconds(15)))
                .objective(Slos.noAcknowledgedWritesLost())
                .build();
    }

    /** D07: Redis is killed; after the hold it is restarted and the service reconnects; the database keeps it available. */
    public static Drill d07() {
        return Drill.builder("D07", "Cache outage")
                .suites("regression")
                .runbook("004 §Scenario 6, 001 §Authentication Failures (Redis)")
                .probe(Probes.ledgerWrite()).probe(Probes.ledgerRead()).probe(Probes.cacheHit("ledger", 8080))
                .workload(Workloads.ledgerWriter())
                .fault(Faults.kill("redis"))
                .recovery(Recoveries.restart("redis"))
                .objective(Slos.errorRateBelow("write", Phase.DURING, 0.01))
                .objective(Slos.errorRateBelow("read", Phase.DURING, 0.01))
                .objective(Slos.ttr("cache", ofSeconds(15)))
                .objective(Slos.noAcknowledgedWritesLost())
                .build();
    }

    /** D08: Redis at maxmemory with noeviction; the fix is an eviction policy (allkeys-lru). */
    public static Drill d08() {
        return Drill.builder("D08", "Cache memory full")
                .suites("regression")
                .runbook("001 §Redis Optimization, 000 §High Memory Usage")
                .probe(Probes.ledgerWrite()).probe(Probes.ledgerRead()).probe(Probes.cacheHit("ledger", 8080))
                .workload(Workloads.ledgerWriter())
                .fault(Faults.redisMemoryFull("redis"))
                .recovery(Recoveries.setEvictionPolicy("redis", "allkeys-lru"))
                .objective(Slos.errorRateBelow("write", Phase.DURING, 0.01))
                .objective(Slos.errorRateBelow("read", Phase.DURING, 0.01))
                .objective(Slos.ttr("cache", ofSeconds(15)))
                .objective(Slos.noAcknowledgedWritesLost())
                .build();
    }

    /** D15: the database container is cut from the stack network; cached reads go on, writes fail fast; reconnect it. */
    public static Drill d15() {
        return Drill.builder("D15", "Upstream partition, serve from cache")
                .suites("regression")
                .runbook("002 §Chaos Drill Menu (backhaul loss)")
                .probe(patientWrite()).probe(Probes.ledgerRead())
                .workload(Workloads.ledgerWriter())
                .fault(Faults.partition("postgres"))
                .recovery(Recoveries.healPartition("postgres"))
                .objective(Slos.errorRateBelow("read", Phase.DURING, 0.01))
                .objective(Slos.latencyPercentileBelow("write", Phase.DURING, 99, ofMillis(3000)))
                .objective(Slos.ttr("write", ofSeconds(15)))
                .objective(Slos.noAcknowledgedWritesLost())
                .build();
    }

    /** D06: the database's size-limited data volume fills up; free it, restart the database if it stopped. */
    public static Drill d06() {
        return Drill.builder("D06", "Storage full")
                .suites("quarterly")
                .runbook("004 §Scenario 4 (storage full), 000 §Disk Usage thresholds")
                .probe(Probes.ledgerWrite()).probe(Probes.ledgerRead())
                .workload(Workloads.ledgerWriter())
                .fault(Faults.fillVolume("postgres"))
                .recovery(Recoveries.freeVolume("postgres"))
                .objective(Slos.detectionWithin("write", ofSeconds(10)))
                .objective(Slos.ttr("write", ofSeconds(60)))
                .objective(Slos.noAcknowledgedWritesLost())
                .build();
    }

    /** The "can fail" variant of a drill: the fix skipped, recovery awaited only briefly; it must miss its TTR objective. */
    public static Drill withoutFix(Drill drill) {
        String[] ttr = drill.objectives().stream().map(dev.firedrill.Objective::name).filter(n -> n.startsWith("ttr(")).toArray(String[]::new);
        return drill.toBuilder().id(drill.id() + "-no-fix").withoutRecovery().recoveryBudget(CAN_FAIL_RECOVERY_BUDGET)
                .expectFailure(ttr).build();
    }
}
