package dev.firedrill.recovery;

import dev.firedrill.HarnessClock;
import dev.firedrill.Marker;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.fault.Faults;
import dev.firedrill.stack.OneOff;
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

/**
 * The logical backup and the restore into a fresh server on a real engine (PostgreSQL behind the
 * fault proxy): what the backup's snapshot held comes back, what was written after it does not,
 * and a missing or corrupt backup, or a pg_dump that fails, is an error naming the step and the cause.
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
        assertThat(stack.isRunning("postgres")).as("nothing was destroyed").isTrue();
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
        assertThat(stack.isRunning("postgres")).isFalse();

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
        OneOff.Result written = stack.runOneOff(OneOff.of("postgres", "bash", "-c",
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
        OneOff.Result locked = stack.runOneOff(OneOff.of("postgres", "chmod", "0555", "/backups").asUser("root").withVolume(backups, "/backups"));
        assertThat(locked.succeeded()).as(locked.output()).isTrue();
        Timeline timeline = new Timeline(HarnessClock.system());
        try {
            assertThatThrownBy(() -> Backups.logical("postgres").run(stack, timeline))
                    .hasMessageContaining("logical backup(postgres): step 'pg_dump' failed: pg_dump exited 1")
                    .hasMessageContaining("pg_dump: error: could not open output file \"/backups/postgres-")
                    .hasMessageContaining("Permission denied");
        } finally {
            OneOff.Result unlocked = stack.runOneOff(OneOff.of("postgres", "chmod", "0755", "/backups").asUser("root")
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
