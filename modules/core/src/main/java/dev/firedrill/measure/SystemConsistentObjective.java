package dev.firedrill.measure;

import com.google.auto.service.AutoService;
import dev.firedrill.DrillMeasurements;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Probe;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimelineEvent;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.capability.SqlSessions;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A whole-system restore left one consistent system (runbook 000 §Point-in-Time Recovery: the database, Redis and the
 * application files restored together to one point): every entry the service caches in Redis is in the database with
 * the same seq and amount, every receipt in its application files is of an entry the database holds, and no entry
 * created after the restored set's point and before the restore is left anywhere, database, cache or files. Judged on
 * what the parts hold when the drill ends ({@link SystemConsistencyAudit}); missed when any part disagrees, or when
 * neither the cache nor the files held an entry to check.
 *
 * <p>In a drill file: {@code - {objective: system-consistent}} (service ledger, postgres, redis, receipts
 * /var/lib/ledger/receipts by default).
 *
 * @param audit the watch that reads the parts at the end
 */
record SystemConsistentObjective(SystemConsistencyAudit audit) implements Objective {

    static final String DEFAULT_RECEIPTS = "/var/lib/ledger/receipts";

    /** The kind {@code system-consistent}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.objective("system-consistent", "after a whole-system restore, the parts agree: every entry the"
                            + " service caches in Redis is in the database (same seq and amount), every receipt in its files is of an entry"
                            + " the database holds, and no entry created after the restored set's point and before the restore is left in"
                            + " the database, the cache or the files; read when the drill ends (D28)")
                    .param(Param.optional("service", Param.Type.TEXT, "ledger", "the service whose cache and receipts are read"),
                            Param.optional("postgres", Param.Type.TEXT, "postgres", "the PostgreSQL service holding entries"),
                            Param.optional("redis", Param.Type.TEXT, "redis", "the Redis service holding the cache (ledger:entry:<id>)"),
                            Param.optional("receipts", Param.Type.TEXT, DEFAULT_RECEIPTS,
                                    "the receipts directory inside the service (LEDGER_RECEIPTS_DIR)"))
                    .requires(ServiceCommands.class, SqlSessions.class)
                    .build(a -> Slos.systemConsistent(a.text("service"), a.text("postgres"), a.text("redis"), a.text("receipts"))));
        }
    }

    @Override
    public String name() {
        return "system-consistent";
    }

    @Override
    public String describe() {
        return "every entry cached in '" + audit.redis() + "' and every receipt of '" + audit.service() + "' is in '" + audit.postgres()
                + "'; no entry newer than the restored set's point anywhere";
    }

    @Override
    public List<Function<SystemUnderTest, Probe>> probes() {
        return List.of(audit);
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        String what = "Inconsistencies between the database, the cache and the files";
        Optional<String> note = m.timeline().events().stream().filter(e -> SystemConsistencyAudit.NOTE.equals(e.kind()))
                .map(TimelineEvent::detail).reduce((first, last) -> last);
        Optional<SystemAudit> read = note.flatMap(SystemAudit::parse);
        if (read.isEmpty()) {
            return ObjectiveMessages.notMeasured(name(), what, null, "=", "0", "0", "entries",
                    note.map(n -> "the audit " + n).orElse("the system audit did not run"));
        }
        SystemAudit a = read.get();
        boolean checked = a.cached() + a.receipts() > 0;
        StringBuilder why = new StringBuilder(what).append(" was ").append(a.inconsistencies()).append(", target = 0: ").append(a.text());
        if (!checked) {
            why.append(": neither the cache nor the files held an entry, so nothing shows they agree with the database");
        }
        if (a.cachedMissing() + a.newerCache() > 0) {
            why.append(": the cache holds entries the restored database does not (Redis not restored to the set's point?)");
        }
        if (a.receiptsMissing() + a.newerFiles() > 0) {
            why.append(": the files hold receipts of entries the restored database does not (files not restored to the set's point?)");
        }
        if (a.newerDatabase() > 0) {
            why.append(": the database holds entries from after the set's point (restored from a later backup?)");
        }
        return new ObjectiveResult(name(), null, "0", Long.toString(a.inconsistencies()), "entries", a.consistent() && checked, why.toString());
    }
}
