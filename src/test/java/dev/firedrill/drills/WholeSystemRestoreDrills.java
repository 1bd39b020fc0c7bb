package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.fault.Faults;
import dev.firedrill.measure.LedgerAnalysis;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.Workloads;
import dev.firedrill.recovery.Backups;
import dev.firedrill.recovery.Recoveries;

import java.time.Duration;
import java.util.List;

import static java.time.Duration.ofSeconds;

/**
 * D28, whole-system restore (runbook 000 §Point-in-Time Recovery), and its can-fail variant, on
 * drills/stacks/whole-system.yml: the whole system backed up at one point (writes paused; dump, snapshot, tar of the
 * receipts), 10 s of writes later the database and the service's host lost with their data while Redis survives, then
 * the database, Redis and the files restored together from the set, the service stopped meanwhile.
 */
public final class WholeSystemRestoreDrills {

    private WholeSystemRestoreDrills() {
    }

    /** D28: everything restored from the set; lost exactly the writes since its point; the parts consistent. */
    public static Drill d28() {
        return Drill.builder("D28", "Whole-system restore")
                .suites("quarterly")
                .runbook("000 §Point-in-Time Recovery")
                .probe(Probes.ledgerWrite())
                .probe(Probes.ledgerRead())
                .workload(Workloads.ledgerWriter(LedgerAnalysis.RestoreMode.BACKUP))
                .preparation(Backups.system("ledger"))
                .fault(Faults.after(ofSeconds(10), Faults.markingDisruption(Faults.destroy("postgres"))))
                .fault(Faults.destroy("ledger"))
                .hold(ofSeconds(5))
                .recovery(Recoveries.restoreSystem("ledger"))
                .recoveryBudget(Duration.ofMinutes(2))
                .objective(Slos.rto("write", Duration.ofMinutes(2)))
                .objective(Slos.lostExactlySinceRecoveryPoint())
                .objective(Slos.systemConsistent())
                .build();
    }

    /** D28 with only the database and the files restored: the surviving Redis caches entries newer than the point. */
    public static Drill d28DatabaseOnly() {
        return d28().toBuilder().id("D28-database-only").title("Whole-system restore, Redis not restored")
                .withoutRecovery()
                .recovery(Recoveries.restoreSystem("ledger", "postgres", "redis", 0, List.of("database", "files")))
                .expectFailure("system-consistent").build();
    }
}
