package dev.firedrill.recovery;

import dev.firedrill.HarnessClock;
import dev.firedrill.Marker;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.fault.Faults;
import dev.firedrill.capability.OneOff;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The logical backup and the restore into a fresh server on a real engine (PostgreSQL behind the
 * fault proxy): what the backup's snapshot held comes back, what was written after it does not,
 * and a missing, corrupt or truncated backup, or a pg_dump that fails, is an error naming the step and the cause.
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupRestoreIT {

    private static Stack stack;

    @BeforeAll
    static void startStack() {
        stack = Stack.start(StackDefinition.load(ProjectFiles.referenceCompose()).only("postgres"));
    }

    @AfterAll
    static void closeStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void restoringWithoutAnyBackupIsAnErrorNamingTheStep() {
        assertThatThrownBy(() -> Recoveries.restoreLatestBackup("postgres").run(stack))
                .hasMessageContaining("restore latest backup(postgres): step 'find the backup' failed")
                .hasMessageContaining("no backup of 'postgres'");
        assertThat(stack.processes().isRunning("postgres")).as("nothing was destroyed").isTrue();
    }

    @Test
    @Order(2)
    void restoresTheSnapshotIntoAFreshServerAndNothingWrittenAfterIt() throws Exception {
        sql("CREATE TABLE items(id int primary key)");
        sql("INSERT INTO items SELECT generate_series(1, 100)");
        Timeline timeline = new Timeline(HarnessClock.system());
        TimePoint before = timeline.clock().now();

        String backup = Backups.logical("postgres").run(stack, timeline);
        sql("INSERT INTO items SELECT generate_series(101, 150)");
        String oldServer = query("SELECT system_identifier FROM pg_control_system()");
        Faults.destroy("postgres").inject(stack);
        assertThat(stack.processes().isRunning("postgres")).isFalse();

        String restored = Recoveries.restoreLatestBackup("postgres").run(stack);

        assertThat(backup).contains("backup postgres-").contains("public.items=100");
        TimePoint recoveryPoint = timeline.first(Marker.RECOVERY_POINT).orElseThrow();
        assertThat(recoveryPoint.isBefore(before)).isFalse();
        assertThat(restored).contains("into a fresh server").contains("row counts verified: {public.items=100}");
        assertThat(query("SELECT count(*) FROM items")).isEqualTo("100");
        assertThat(query("SELECT max(id) FROM items")).isEqualTo("100");
        assertThat(query("SELECT system_identifier FROM pg_control_system()")).as("a fresh cluster").isNotEqualTo(oldServer);
    }

    @Test
    @Order(3)
    void anOlderBackupThanThereAreIsAnErrorNamingTheStep() {
        assertThatThrownBy(() -> Recoveries.restoreOlderBackup("postgres", 1).run(stack))
                .hasMessageContaining("restore backup 1 before the latest(postgres): step 'find the backup' failed")
                .hasMessageContaining("only 1 backup(s)");
    }

    @Test
    @Order(4)
    void aCorruptLatestBackupIsAnErrorNamingTheStepAndTheCause() throws Exception {
        String backups = BackupStore.writableVolume(stack, "postgres");
        OneOff.Result written = stack.oneOffs().run(OneOff.of("postgres", "bash", "-c",
                        "echo 'not a dump' > /backups/postgres-99991231T000000.000Z.dump")
                .asUser("postgres").withVolume(backups, "/backups"));
        assertThat(written.succeeded()).as(written.output()).isTrue();

        assertThatThrownBy(() -> Recoveries.restoreLatestBackup("postgres").run(stack))
                .hasMessageContaining("restore latest backup(postgres): step 'check the backup' failed")
                .hasMessageContaining("postgres-99991231T000000.000Z.dump is missing or corrupt")
                .hasMessageContaining("pg_restore");
        assertThat(query("SELECT count(*) FROM items")).as("the server was left alone").isEqualTo("100");
    }

    @Test
    @Order(5)
    void aPgDumpThatCannotWriteItsTargetIsAPreparationErrorWithPgDumpsOwnMessage() throws Exception {
        String backups = BackupStore.writableVolume(stack, "postgres");
        java.util.List<String> before = BackupStore.list(stack, "postgres");
        // The backups volume read-only for its owner (a mount whose permissions were changed): pg_dump cannot open its file.
        OneOff.Result locked = stack.oneOffs().run(OneOff.of("postgres", "chmod", "0555", "/backups").asUser("root").withVolume(backups, "/backups"));
        assertThat(locked.succeeded()).as(locked.output()).isTrue();
        Timeline timeline = new Timeline(HarnessClock.system());
        try {
            assertThatThrownBy(() -> Backups.logical("postgres").run(stack, timeline))
                    .hasMessageContaining("logical backup(postgres): step 'pg_dump' failed: pg_dump exited 1")
                    .hasMessageContaining("pg_dump: error: could not open output file \"/backups/postgres-")
                    .hasMessageContaining("Permission denied");
        } finally {
            OneOff.Result unlocked = stack.oneOffs().run(OneOff.of("postgres", "chmod", "0755", "/backups").asUser("root")
                    .withVolume(backups, "/backups"));
            assertThat(unlocked.succeeded()).as(unlocked.output()).isTrue();
        }
        assertThat(timeline.first(Marker.RECOVERY_POINT)).as("a failed backup marks no recovery point").isEmpty();
        assertThat(BackupStore.list(stack, "postgres")).as("no backup file was added").isEqualTo(before);
        assertThat(query("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'"))
                .as("the snapshot's transaction was not left open").isEqualTo("0");

        // The same backup with the target writable again succeeds: the failure was the target's.
        assertThat(Backups.logical("postgres").run(stack, new Timeline(HarnessClock.system()))).contains("backup postgres-");
    }

    @Test
    @Order(6)
    void aServerThatEndsIdleTransactionsDoesNotInvalidateTheBackupsSnapshot() throws Exception {
        // A common production setting: sessions idle in a transaction for 200 ms are terminated. The harness's snapshot
        // transaction is idle while the pg_dump container starts; pg_dump sets the timeout off for itself, and so must it.
        sql("ALTER SYSTEM SET idle_in_transaction_session_timeout = '200ms'");
        sql("SELECT pg_reload_conf()");
        try {
            assertThat(Backups.logical("postgres").run(stack, new Timeline(HarnessClock.system())))
                    .contains("backup postgres-").contains("public.items=100");
        } finally {
            sql("ALTER SYSTEM RESET idle_in_transaction_session_timeout");
            sql("SELECT pg_reload_conf()");
        }
    }

    @Test
    @Order(7)
    void aTableLockedByAnotherSessionIsAPreparationErrorNamingTheTableNotAHang() throws Exception {
        try (Connection holder = PostgresLogin.of(stack, "postgres").connect(stack, "postgres"); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("LOCK TABLE items IN ACCESS EXCLUSIVE MODE");   // e.g. a migration rewriting the table
            long started = System.nanoTime();
            assertThatThrownBy(() -> Backups.logical("postgres").run(stack, new Timeline(HarnessClock.system())))
                    .hasMessageContaining("logical backup(postgres): step 'count rows of public.items in the snapshot' failed")
                    .hasMessageContaining("lock timeout");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).as("bounded by the lock wait, not the 2 min socket timeout")
                    .isLessThan(java.time.Duration.ofSeconds(90));
            holder.rollback();
        }
        assertThat(Backups.logical("postgres").run(stack, new Timeline(HarnessClock.system()))).contains("public.items=100");
    }

    @Test
    @Order(8)
    void aMigrationQueuedBehindTheSnapshotFailsPgDumpWithItsOwnMessageNotAHang() throws Exception {
        // A migration asks for the table exclusively once the harness has counted it (holding a shared lock in the
        // snapshot's transaction): pg_dump's shared lock queues behind the migration, which waits for the harness,
        // which waits for pg_dump. PostgreSQL cannot see that cycle; pg_dump's --lock-wait-timeout ends it.
        java.util.concurrent.ExecutorService migration = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Connection migrating = PostgresLogin.of(stack, "postgres").connect(stack, "postgres"); Statement m = migrating.createStatement()) {
            migrating.setAutoCommit(false);
            m.execute("SET lock_timeout = '90s'");
            java.util.concurrent.Future<?> altered = migration.submit(() -> {
                await("the backup's snapshot holds items").atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(10))
                        .until(() -> query("SELECT count(*) FROM pg_locks l WHERE l.relation = 'items'::regclass AND l.mode = 'AccessShareLock'"
                                + " AND l.granted AND l.pid <> pg_backend_pid()").equals("1"));
                m.execute("ALTER TABLE items ADD COLUMN note text");   // waits for the snapshot's transaction
                return null;
            });
            long started = System.nanoTime();
            assertThatThrownBy(() -> Backups.logical("postgres").run(stack, new Timeline(HarnessClock.system())))
                    .hasMessageContaining("logical backup(postgres): step 'pg_dump' failed: pg_dump exited 1")
                    .hasMessageContaining("canceling statement due to statement timeout")
                    .hasMessageContaining("LOCK TABLE public.items IN ACCESS SHARE MODE");
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).as("bounded by pg_dump's lock wait")
                    .isLessThan(java.time.Duration.ofSeconds(80));
            altered.get(60, java.util.concurrent.TimeUnit.SECONDS);   // granted once the snapshot's transaction ended
            migrating.rollback();
        } finally {
            migration.shutdownNow();
        }
        assertThat(Backups.logical("postgres").run(stack, new Timeline(HarnessClock.system()))).contains("public.items=100");
    }

    /** Last: a restore that fails in the middle leaves no server behind (the damaged one was replaced first). */
    @Test
    @Order(9)
    void aTruncatedBackupWhoseTableOfContentsStillReadsFailsTheRestoreCommandNamingPgRestoresMessage() {
        // A copy cut short (e.g. by a full disk): its table of contents, at the start, still lists; its data does not restore.
        String backups = BackupStore.writableVolume(stack, "postgres");
        OneOff.Result truncated = stack.oneOffs().run(OneOff.of("postgres", "bash", "-c", "set -euo pipefail;"
                        + " src=$(ls /backups/postgres-2*.dump | sort | tail -n 1); size=$(stat -c %s \"$src\");"
                        + " head -c $((size - 64)) \"$src\" > /backups/postgres-99991231T000001.000Z.dump;"
                        + " cp \"$src.rows\" /backups/postgres-99991231T000001.000Z.dump.rows;"
                        + " pg_restore --list /backups/postgres-99991231T000001.000Z.dump > /dev/null && echo listed")
                .asUser("postgres").withVolume(backups, "/backups"));
        assertThat(truncated.output()).as("the truncated copy still lists: " + truncated.output()).contains("listed");

        Throwable failed = org.assertj.core.api.Assertions.catchThrowable(() -> Recoveries.restoreLatestBackup("postgres").run(stack));
        System.out.println("truncated backup: " + failed);
        assertThat(failed).isInstanceOf(Steps.Failed.class)
                .hasMessageContaining("restore latest backup(postgres): step 'fill a fresh data volume' failed: pg_restore of"
                        + " postgres-99991231T000001.000Z.dump exited 1")
                .hasMessageContaining("pg_restore: error:");
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = PostgresLogin.of(stack, "postgres").connect(stack, "postgres"); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static String query(String query) throws SQLException {
        try (Connection c = PostgresLogin.of(stack, "postgres").connect(stack, "postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
