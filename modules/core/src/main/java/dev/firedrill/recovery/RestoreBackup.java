package dev.firedrill.recovery;

import dev.firedrill.Capability;
import java.util.Set;
import dev.firedrill.capability.ServiceProcesses;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.capability.OneOffs;

import static dev.firedrill.recovery.SystemParts.*;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.OneOff;
import org.awaitility.core.ConditionTimeoutException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * Restore a logical backup into a fresh server (seed 000 §Backup &amp; Recovery, 004 §Quarterly DR
 * Drill): pick the backup ({@code generationsBack} = 0: the latest, found as 004 finds it, {@code ls -t}), check it
 * ({@code pg_restore --list} of a custom-format dump, {@code gzip -t} of a {@code .sql.gz}), replace the server's data
 * volume with an empty one and fill it in a one-off container of the same image as the {@code postgres} user (initdb,
 * pg_restore, or {@code gunzip < file | psql} as 004 restores its nightly dump; row counts
 * compared with those of the backup's snapshot) before any client can reach it, then start the
 * service on that volume. The service keeps its name, so the fault proxy's upstream (resolved at every
 * new connection) now leads to the fresh server: that is the repoint.
 */
record RestoreBackup(String service, int generationsBack) implements Recovery {

    private static final Duration RESTORE_BOUND = Duration.ofMinutes(10);
    private static final Duration ANSWER_BOUND = Duration.ofSeconds(60);

    RestoreBackup {
        Steps.requireGeneration("backup", generationsBack);
    }

    @Override
    public java.util.Optional<RestoreTarget> restoresInto() {
        return java.util.Optional.of(new RestoreTarget(service,
                "a new container under the same name with a new, empty data volume filled by pg_restore; the damaged server and its volume were destroyed first"));
    }

    @Override
    public String name() {
        return Steps.restoreName("backup", generationsBack, service);
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceProcesses.class, ServiceFiles.class, OneOffs.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
    }

    @Override
    public String run(SystemUnderTest system) {
        PostgresLogin login = PostgresLogin.of(system, service);
        String backups = files(system).harnessVolume(BackupStore.VOLUME);
        Steps steps = new Steps(name());

        List<String> found = steps.run("find the backup", () -> BackupStore.list(system, service));
        String backup = steps.pick("find the backup", found, generationsBack, "backup", service, "");

        Map<String, Long> expected = steps.run("check the backup", () -> {
            OneOff.Result check = oneOffs(system).run(OneOff.of(service, "bash", "-c", "set -euo pipefail; "
                            + BackupStore.check(service, backup)
                            + " \"/backups/$BACKUP\" >/dev/null; cat \"/backups/$BACKUP.rows\"")
                    .asUser("postgres").withEnv(Map.of("BACKUP", backup)).withVolume(backups, BackupStore.PATH));
            if (!check.succeeded()) {
                throw new IllegalStateException("backup " + backup + " is missing or corrupt: its check exited "
                        + check.exitCode() + ": " + check.output().strip());
            }
            return BackupStore.parseRows(check.output());
        });

        long fillStart = System.nanoTime();
        String restored = steps.run("fill a fresh data volume", () -> {
            processes(system).destroy(service);   // the damaged server, if any is left, and its volume
            String data = files(system).volumeOf(service, "/var/lib/postgresql/data");
            OneOff.Result fill = oneOffs(system).run(OneOff.of(service, "bash", "-c", BackupStore.FILL)
                    .asUser("postgres")
                    .withEnv(login.environment())
                    .withEnv(Map.of("PGDATA", "/var/lib/postgresql/data", "BACKUP", backup))
                    .withVolume(data, "/var/lib/postgresql/data")
                    .withVolume(backups, BackupStore.PATH)
                    .within(RESTORE_BOUND));
            if (!fill.succeeded()) {
                throw new IllegalStateException((BackupStore.Format.of(service, backup) == BackupStore.Format.SQL_GZIP ? "gunzip | psql" : "pg_restore")
                        + " of " + backup + " exited " + fill.exitCode() + ": " + fill.output().strip());
            }
            return fill.output();
        });
        long fillMillis = (System.nanoTime() - fillStart) / 1_000_000;

        Map<String, Long> actual = BackupStore.restoredRows(restored);
        if (!actual.equals(expected)) {
            throw steps.fail("verify row counts", "the restored server holds " + actual + ", the backup's snapshot held " + expected);
        }

        long startBegin = System.nanoTime();
        steps.act("start the fresh server", () -> processes(system).recreate(service));
        steps.act("reach the fresh server through '" + service + "'", () -> awaitAnswer(system, login));
        long startMillis = (System.nanoTime() - startBegin) / 1_000_000;
        return "restored " + backup + " into a fresh server (filled in " + fillMillis + " ms, serving through '" + service
                + "' in " + startMillis + " ms); row counts verified: " + actual;
    }

    private void awaitAnswer(SystemUnderTest system, PostgresLogin login) {
        AtomicReference<String> last = new AtomicReference<>("(none)");
        try {
            await(name() + ": the fresh server answers").atMost(ANSWER_BOUND).pollInterval(Duration.ofMillis(200)).pollInSameThread()
                    .until(() -> {
                        try (Connection c = login.connect(system, service); Statement s = c.createStatement();
                             ResultSet rs = s.executeQuery("SELECT 1")) {
                            return rs.next();
                        } catch (java.sql.SQLException e) {
                            last.set(e.getMessage());
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("no answer within " + ANSWER_BOUND + "; last error: " + last.get());
        }
    }
}
