package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.fault.MemoryLeakFault;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.Workloads;
import dev.firedrill.recovery.RestartWithLimit;

import java.util.Optional;

import static java.time.Duration.ofSeconds;

/**
 * D23, a memory leak (runbooks 000 and 001 §High Memory Usage), the Java form of its drill file: the API process leaks
 * native memory under a 256 MiB container limit until the kernel OOM-kills it, and is restarted with a memory limit.
 */
public final class MemoryLeakDrill {

    private static final long MIB = 1L << 20;

    private MemoryLeakDrill() {
    }

    /** D23: RTO measured from the engine's OOM kill, at most 45 s; no acknowledged write lost. */
    public static Drill d23() {
        return Drill.builder("D23", "Memory leak")
                .suites("regression")
                .runbook("000 §High Memory Usage; 001 §High Memory Usage")
                .probe(Probes.ledgerWrite()).probe(Probes.ledgerRead())
                .workload(Workloads.ledgerWriter())
                .fault(new MemoryLeakFault("ledger", 16, Optional.of(256 * MIB), MemoryLeakFault.DEFAULT_WITHIN))
                .recovery(new RestartWithLimit("ledger", 512 * MIB))
                .objective(Slos.outageExpected("write"))
                .objective(Slos.rto("write", ofSeconds(45)))
                .objective(Slos.noAcknowledgedWritesLost())
                .build();
    }

    /** D23 without the restart: the OOM-killed service stays down; it must miss its RTO. */
    public static Drill d23NoRestart() {
        return d23().toBuilder().id("D23-no-restart").withoutRecovery().recoveryBudget(FirstAidDrills.CAN_FAIL_RECOVERY_BUDGET)
                .expectFailure("rto(write)").build();
    }
}
