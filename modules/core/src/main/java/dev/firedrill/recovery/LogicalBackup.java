package dev.firedrill.recovery;

import dev.firedrill.Capability;
import java.util.Set;
import dev.firedrill.capability.OneOffs;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.capability.Network;

import static dev.firedrill.recovery.SystemParts.*;

import dev.firedrill.Marker;
import dev.firedrill.Preparation;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.capability.OneOff;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A logical backup of a PostgreSQL service while writes flow (seed 000 §Backup &amp; Recovery): the
 * harness opens a repeatable-read transaction and exports its snapshot ({@code pg_export_snapshot()}),
 * counts each table's rows in that snapshot, and runs {@code pg_dump -Fc --snapshot=...} in a one-off
 * container of the service's image, writing to the stack's backups volume. The dump therefore holds
 * exactly the snapshot; {@code recovery-point} is marked at the instant just before the snapshot was
 * taken, so every write acknowledged before the marker is in the backup (a write acknowledged while
 * the export query ran may or may not be: it lies across the marker and is listed as in flight). The snapshot's
 * session never ends for being idle in its transaction, and a table lock not granted within {@link #LOCK_WAIT}
 * fails the backup naming the table (the harness's count) or pg_dump's own message.
 *
 * <p>Two formats: pg_dump's custom format ({@code <service>-<UTC time>.dump}, restored with pg_restore), and the plain
 * SQL piped through gzip that runbook 004's backup script and cron job write ({@code pg_dump ... | gzip >
 * <service>_full_<YYYYmmdd_HHMMSS>.sql.gz}, restored with {@code gunzip | psql}).
 *
 * @param service             the PostgreSQL service
 * @param marksRecoveryPoint  whether this backup is the drill's recorded one (marks {@code recovery-point})
 * @param format              the file it writes
 */
record LogicalBackup(String service, boolean marksRecoveryPoint, BackupStore.Format format) implements Preparation {

    private static final Duration DUMP_BOUND = Duration.ofMinutes(5);
    /**
     * How long the harness's counts and pg_dump wait for a table lock. A session holding a table exclusively (a
     * migration) or waiting to (its request queues pg_dump's behind it while the harness's snapshot transaction holds
     * a shared lock: a wait PostgreSQL cannot see as a deadlock) fails the backup naming the lock instead of hanging.
     */
    static final Duration LOCK_WAIT = Duration.ofSeconds(20);

    /** A backup in pg_dump's custom format. */
    LogicalBackup(String service, boolean marksRecoveryPoint) {
        this(service, marksRecoveryPoint, BackupStore.Format.CUSTOM);
    }

    @Override
    public String name() {
        return (format == BackupStore.Format.CUSTOM ? "logical backup(" : "pg_dump | gzip backup(") + service + ")"
                + (marksRecoveryPoint ? "" : " not recorded as the recovery point");
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(OneOffs.class, ServiceFiles.class, Network.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
    }

    @Override
    public String run(SystemUnderTest system, Timeline timeline) {
        PostgresLogin login = PostgresLogin.of(system, service);
        String step = "prepare the backups volume";
        String volume;
        try {
            volume = BackupStore.writableVolume(system, service);
        } catch (RuntimeException e) {
            throw new IllegalStateException(name() + ": step '" + step + "' failed: " + e.getMessage(), e);
        }
        step = "export a snapshot";
        try (Connection connection = login.connect(system, service)) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            step = "set the session's timeouts";
            try (Statement statement = connection.createStatement()) {
                // Idle while pg_dump's container starts: a server that ends idle transactions would end the snapshot's
                // (pg_dump turns this timeout off for its own session for the same reason).
                statement.execute("SET idle_in_transaction_session_timeout = 0");
                statement.execute("SET lock_timeout = '" + LOCK_WAIT.toMillis() + "ms'");
            }
            step = "export a snapshot";
            TimePoint beforeSnapshot = timeline.clock().now();
            String snapshot;
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT pg_export_snapshot()")) {
                rs.next();
                snapshot = rs.getString(1);
            }
            TimePoint afterSnapshot = timeline.clock().now();
            step = "list the tables in the snapshot";
            Map<String, Long> rows = new LinkedHashMap<>();
            for (String table : tables(connection)) {
                step = "count rows of " + table + " in the snapshot";
                try (Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    rows.put(table, rs.getLong(1));
                }
            }
            String file = format.fileName(service, beforeSnapshot.wall());
            step = "pg_dump";
            String pgDump = "pg_dump -h \"$PGHOST\" --snapshot=\"$SNAPSHOT\" --lock-wait-timeout=\"$LOCK_WAIT\"";
            OneOff dump = OneOff.of(service, "bash", "-c",
                            "set -euo pipefail; "
                            + (format == BackupStore.Format.CUSTOM ? pgDump + " -Fc -f \"/backups/$FILE.part\";"
                                    : pgDump + " | gzip > \"/backups/$FILE.part\";")
                            + " printf '%s' \"$ROWS\" > \"/backups/$FILE.rows\"; mv \"/backups/$FILE.part\" \"/backups/$FILE\";"
                            + " stat -c %s \"/backups/$FILE\"")
                    .asUser("postgres")
                    .withEnv(login.environment())
                    .withEnv(Map.of("PGHOST", network(system).address(service), "SNAPSHOT", snapshot, "FILE", file,
                            "ROWS", BackupStore.formatRows(rows), "LOCK_WAIT", LOCK_WAIT.toMillis() + "ms"))
                    .withVolume(volume, BackupStore.PATH)
                    .within(DUMP_BOUND);
            OneOff.Result result = oneOffs(system).run(dump);
            if (!result.succeeded()) {
                throw new IllegalStateException("pg_dump exited " + result.exitCode() + ": " + result.output().strip());
            }
            connection.commit();   // the snapshot was needed until pg_dump had imported it
            TimePoint done = timeline.clock().now();
            String detail = "snapshot " + snapshot + " of backup " + file + " (exported within "
                    + afterSnapshot.since(beforeSnapshot).toMillis() + " ms)";
            if (marksRecoveryPoint) {
                timeline.mark(Marker.RECOVERY_POINT, detail, beforeSnapshot);
            } else {
                timeline.note("backup", detail + ", not the recorded recovery point");
            }
            List<String> lines = result.output().strip().lines().toList();
            return "backup " + file + " (" + (lines.isEmpty() ? "?" : lines.get(lines.size() - 1)) + " bytes) of snapshot "
                    + snapshot + " at " + beforeSnapshot.wall() + "; rows " + rows + "; pg_dump took "
                    + done.since(afterSnapshot).toMillis() + " ms";
        } catch (SQLException e) {
            throw new IllegalStateException(name() + ": step '" + step + "' failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException(name() + ": step '" + step + "' failed: " + e.getMessage(), e);
        }
    }

    private static List<String> tables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables"
                     + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }
}
