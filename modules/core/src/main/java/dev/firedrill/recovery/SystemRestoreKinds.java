package dev.firedrill.recovery;

import com.google.auto.service.AutoService;
import dev.firedrill.capability.Network;
import dev.firedrill.capability.OneOffs;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.capability.ServiceProcesses;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;

import java.util.List;

import static dev.firedrill.kind.KindDescriptor.preparation;
import static dev.firedrill.kind.KindDescriptor.procedure;
import static dev.firedrill.kind.Param.Type.DURATION;
import static dev.firedrill.kind.Param.Type.INTEGER;
import static dev.firedrill.kind.Param.Type.TEXT;
import static dev.firedrill.kind.Param.Type.TEXTS;
import static dev.firedrill.kind.Param.optional;

/**
 * The whole system backed up and restored together (runbook 000 §Point-in-Time Recovery, D28): {@code system-backup}, the
 * database, Redis and the service's application files taken at one point ({@link SystemBackup}), and {@code restore-system},
 * the three restored from one set with the service stopped ({@link RestoreSystem}).
 */
@AutoService(KindProvider.class)
public final class SystemRestoreKinds implements KindProvider {

    @Override
    public List<KindDescriptor<?>> kinds() {
        return List.of(
                preparation("system-backup", "the whole system at one point, marking recovery-point: the target's writes paused"
                        + " (maintenance mode readonly) and drained, the database's clock read, pg_dump -Fc of postgres, BGSAVE of redis"
                        + " copied out, tar -czf of the target's application data directory, one manifest naming the three; writes resumed")
                        .target()
                        .param(optional("postgres", TEXT, "postgres", "the PostgreSQL service the target writes to"),
                                optional("redis", TEXT, "redis", "the Redis service the target caches in"),
                                optional("files", TEXT, "/var/lib/ledger", "the target's application data directory, on a named volume"),
                                optional("drain", DURATION, SystemBackup.DEFAULT_DRAIN, "how long admitted writes may take to end once"
                                        + " paused, before the point (the service's database timeout); 0s to 1m"))
                        .requires(Network.class, OneOffs.class, ServiceFiles.class)
                        .build(a -> Backups.system(a.target(), a.text("postgres"), a.text("redis"), a.text("files"), a.duration("drain"))),
                procedure("restore-system", "runbook 000 §Point-in-Time Recovery: stop the target, restore the database (pg_restore into"
                        + " a fresh server), Redis (a fresh server reading the set's RDB) and the application files (tar -xzf into a fresh"
                        + " volume) from one system-backup set, start the target, wait until GET /ready answers 200")
                        .target()
                        .param(optional("postgres", TEXT, "postgres", "the PostgreSQL service"),
                                optional("redis", TEXT, "redis", "the Redis service"),
                                optional("generations-back", INTEGER, 0, "0 = the newest set, 1 = the one before"),
                                optional("parts", TEXTS, RestoreSystem.PARTS, "which of database, cache and files to restore; leaving one"
                                        + " out is the can-fail variant's mistake"))
                        .requires(OneOffs.class, ServiceFiles.class, ServiceProcesses.class)
                        .build(a -> Recoveries.restoreSystem(a.target(), a.text("postgres"), a.text("redis"), a.integer("generations-back"),
                                a.texts("parts"))));
    }
}
