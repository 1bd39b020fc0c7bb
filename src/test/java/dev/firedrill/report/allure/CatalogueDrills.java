package dev.firedrill.report.allure;

import dev.firedrill.DrillResult;
import dev.firedrill.StepRecord;
import dev.firedrill.Verdict;
import dev.firedrill.report.SyntheticDrills;

import java.util.ArrayList;
import java.util.List;

/**
 * Results shaped like the catalogue's drills (ids and titles as in docs/suites.md), each with its
 * own step names, built from {@link SyntheticDrills}' D01 (its timeline, measurements and objectives).
 */
public final class CatalogueDrills {

    /** The catalogue's ids, titles and two step names each. */
    public static final List<String[]> CATALOGUE = List.of(
            new String[] {"D01", "API service down", "kill(ledger)", "restart(ledger)"},
            new String[] {"D02", "Database unreachable", "down(postgres proxy)", "restore(postgres proxy)"},
            new String[] {"D03", "Database latency under load", "latency(postgres, 800 ms)", "remove(latency)"},
            new String[] {"D04", "Table lock", "lockTable(entries)", "terminateBlockers(postgres)"},
            new String[] {"D05", "Connection exhaustion", "exhaustConnections(postgres)", "terminateIdle(postgres)"},
            new String[] {"D06", "Storage full", "fillVolume(postgres)", "freeSpace(postgres)"},
            new String[] {"D07", "Cache outage", "kill(redis)", "restart(redis)"},
            new String[] {"D08", "Cache memory full", "maxmemory(redis)", "evictionPolicy(allkeys-lru)"},
            new String[] {"D09", "Backup and restore", "destroy(postgres)", "restoreLatestBackup(postgres)"},
            new String[] {"D10", "Point-in-time recovery after a bad change", "badMigration(entries)", "pointInTime(postgres)"},
            new String[] {"D11", "Primary lost, fail over to replica", "kill(postgres)", "promoteReplica(postgres-replica)"},
            new String[] {"D12", "Cache restore from snapshot", "destroy(redis)", "restoreSnapshot(redis)"},
            new String[] {"D13", "Bad release and rollback", "switch(ledger, bad release)", "rollback(ledger)"},
            new String[] {"D14", "Rolling restart with zero downtime", "drain(ledger)", "restart(ledger-b)"},
            new String[] {"D15", "Upstream partition, serve from cache", "disconnect(postgres)", "reconnect(postgres)"},
            new String[] {"D16", "Certificate expiry", "expire(ledger certificate)", "renewCertificate(ledger)"});

    private CatalogueDrills() {
    }

    /** The first {@code n} drills of the catalogue; every second one passed, the others failed as D01 did. */
    public static List<DrillResult> first(int n) {
        List<DrillResult> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, CATALOGUE.size()); i++) {
            String[] d = CATALOGUE.get(i);
            out.add(drill(d[0], d[1], List.of(d[2], d[3]), i % 2 == 1));
        }
        return out;
    }

    /** D01's synthetic result under another id, title and step names (one name per step of D01: two). */
    public static DrillResult drill(String id, String title, List<String> stepNames, boolean passed) {
        return as(new SyntheticDrills().failedApiServiceDown(), id, title, stepNames, passed);
    }

    /** {@code d01} (a {@link SyntheticDrills#failedApiServiceDown()}) under another id, title and step names. */
    public static DrillResult as(DrillResult d01, String id, String title, List<String> stepNames, boolean passed) {
        List<StepRecord> steps = new ArrayList<>();
        for (int i = 0; i < d01.steps().size(); i++) {
            StepRecord s = d01.steps().get(i);
            steps.add(new StepRecord(stepNames.get(i), s.startedAt(), s.finishedAt(), s.outcome(), s.output()));
        }
        return new DrillResult(id, title, d01.suites(), d01.runbook(), passed ? Verdict.PASSED : Verdict.FAILED,
                passed ? null : d01.reason(), d01.measurements(),
                passed ? d01.objectives().subList(0, 1) : d01.objectives(), steps, d01.startedAt(), d01.finishedAt());
    }
}
