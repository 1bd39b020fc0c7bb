package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.Phase;
import dev.firedrill.fault.Faults;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.Workloads;
import dev.firedrill.recovery.Recoveries;

import static java.time.Duration.ofSeconds;

/**
 * The pressure drills of runbook 004 that exhaust a pool of connections: D05b (the service's database pool taken by
 * long-running active queries) and D25 (Redis' clients), as Java {@link Drill} values, the Java form of their drill files.
 */
public final class PressureDrills {

    private PressureDrills() {
    }

    /**
     * D05b: the service's own slow reports take its 10 pooled connections with active queries, so writes wait for a
     * connection until their 2 s timeout; the runbook's query terminates the active ones older than the bound (5 s here
     * for its 5 minutes) and the pool opens fresh connections.
     */
    public static Drill d05b() {
        return Drill.builder("D05b", "Pool exhausted by long-running queries")
                .suites("regression")
                .runbook("004 §Scenario 2")
                .probe(Probes.ledgerWrite()).probe(FirstAidDrills.readiness())
                .workload(Workloads.ledgerWriter())
                .fault(Faults.longRunningQueries("postgres", "ledger", 10))
                .recovery(Recoveries.terminateLongQueries("postgres", ofSeconds(5)))
                .objective(Slos.namesCause("ready", "pool exhausted"))
                .objective(Slos.ttr("write", ofSeconds(15)))
                .objective(Slos.noAcknowledgedWritesLost())
                .build();
    }

    /** D05b with D05's fix instead (idle sessions terminated): the active queries keep the pool; it must miss its TTR. */
    public static Drill d05bTerminatingIdleSessions() {
        Drill d05b = d05b();
        return d05b.toBuilder().id("D05b-idle-sessions-terminated").withoutRecovery()
                .recovery(Recoveries.terminateIdleSessions("postgres", ofSeconds(5)).sparing("ledger"))
                .recoveryBudget(FirstAidDrills.CAN_FAIL_RECOVERY_BUDGET).expectFailure("ttr(write)").build();
    }

    /**
     * D25: Redis' clients exhausted (maxclients lowered to 50, every slot held by idle connections, the service's own
     * closed), so the service's cache is refused and it answers from the database; the runbook's CLIENT KILL of the
     * clients idle over the bound frees the slots and the service's pool reconnects.
     */
    public static Drill d25() {
        return Drill.builder("D25", "Redis client exhaustion")
                .suites("regression")
                .runbook("004 §Scenario 6")
                .probe(Probes.ledgerWrite()).probe(Probes.ledgerRead()).probe(Probes.cacheHit("ledger", 8080))
                .workload(Workloads.ledgerWriter())
                .fault(Faults.redisClientExhaustion("redis"))
                .recovery(Recoveries.redisClientKill("redis", ofSeconds(5)))
                .objective(Slos.errorRateBelow("write", Phase.DURING, 0.01))
                .objective(Slos.errorRateBelow("read", Phase.DURING, 0.01))
                .objective(Slos.ttr("cache", ofSeconds(15)))
                .objective(Slos.noAcknowledgedWritesLost())
                .build();
    }
}
