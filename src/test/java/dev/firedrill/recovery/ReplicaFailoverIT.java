package dev.firedrill.recovery;

import dev.firedrill.HarnessClock;
import dev.firedrill.Injection;
import dev.firedrill.fault.Faults;
import dev.firedrill.Timeline;
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
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A streaming replica through the {@code postgres-replication} proxy, the stream cut, the primary
 * killed, the replica promoted and the {@code postgres} proxy repointed (the failover of D11, asynchronous),
 * on a real engine: exactly what the replica had received survives, checked against
 * {@code pg_last_wal_receive_lsn()} independently.
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicaFailoverIT {

    private static Stack stack;

    @BeforeAll
    static void startStack() {
        stack = Stack.start(StackDefinition.load(ProjectFiles.root().resolve("docker-compose.failover.yml"))
                .only("postgres", "postgres-replica"));
    }

    @AfterAll
    static void closeStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aReplicaThatCannotStreamIsARecoveryErrorNamingTheStepAndTheCause() {
        stack.faultProxy().orElseThrow().addProxy(StreamingReplica.REPLICATION_PROXY, StreamingReplica.REPLICATION_PORT, "postgres", 5432);
        stack.faultProxy().orElseThrow().setEnabled(StreamingReplica.REPLICATION_PROXY, false);   // the replication path is down
        try {
            assertThatThrownBy(() -> Backups.streamingReplica("postgres-replica", "postgres").run(stack, new Timeline(HarnessClock.system())))
                    .hasMessageContaining("streaming replica(postgres-replica of postgres): step 'pg_basebackup through postgres-replication' failed")
                    .hasMessageContaining("pg_basebackup exited")
                    .hasMessageContaining("15432");
        } finally {
            stack.faultProxy().orElseThrow().setEnabled(StreamingReplica.REPLICATION_PROXY, true);
        }
    }

    @Test
    @Order(2)
    void promotedReplicaHoldsWhatItReceivedBeforeTheCutAndServesThroughThePostgresProxy() throws Exception {
        sql("postgres", "CREATE TABLE items(id int primary key)");
        sql("postgres", "INSERT INTO items SELECT generate_series(1, 100)");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Recoveries.promoteReplica("postgres").run(stack))
                .as("promoting a server that is no standby").hasMessageContaining("promote replica(postgres): step 'check it is a standby' failed")
                .hasMessageContaining("not a standby");

        String streaming = Backups.streamingReplica("postgres-replica", "postgres").run(stack, new Timeline(HarnessClock.system()));
        assertThat(streaming).contains("streaming received up to");
        await("replica caught up").atMost(Duration.ofSeconds(30)).until(() -> query("postgres-replica", "SELECT count(*) FROM items").equals("100"));

        // Replication lag: with replay paused the replica receives the new rows' WAL but does not apply them.
        assertThatThrownBy(() -> Faults.pauseReplay("postgres").inject(stack))
                .as("a primary has no replay to pause").hasMessageContaining("'postgres' is not a standby");
        sql("postgres", "CREATE TABLE lagged(id int)");
        await("lagged table replayed").atMost(Duration.ofSeconds(30))
                .until(() -> query("postgres-replica", "SELECT count(*) FROM pg_tables WHERE tablename = 'lagged'").equals("1"));
        try (Injection lag = Faults.pauseReplay("postgres-replica").inject(stack)) {
            sql("postgres", "INSERT INTO lagged SELECT generate_series(1, 20)");
            String written = query("postgres", "SELECT pg_current_wal_lsn()");
            await("replica received the rows' WAL").atMost(Duration.ofSeconds(30))
                    .until(() -> query("postgres-replica", "SELECT pg_last_wal_receive_lsn() >= '" + written + "'::pg_lsn").equals("t"));
            assertThat(query("postgres-replica", "SELECT count(*) FROM lagged")).as("received, not applied").isEqualTo("0");
            assertThat(query("postgres-replica", "SELECT pg_last_wal_replay_lsn() < '" + written + "'::pg_lsn")).isEqualTo("t");
        }
        await("replay resumed by the undo").atMost(Duration.ofSeconds(30))
                .until(() -> query("postgres-replica", "SELECT count(*) FROM lagged").equals("20"));

        stack.faultProxy().orElseThrow().setEnabled(StreamingReplica.REPLICATION_PROXY, false);   // the stream is cut
        String afterRow120 = null;
        try (Connection c = PostgresLogin.of(stack, "postgres").connect(stack, "postgres");
             java.sql.PreparedStatement insert = c.prepareStatement("INSERT INTO items VALUES (?)")) {
            for (int id = 101; id <= 150; id++) {   // one transaction each, as a service writes
                insert.setInt(1, id);
                insert.executeUpdate();
                if (id == 120) {
                    afterRow120 = query("postgres", "SELECT pg_current_wal_flush_lsn()");
                }
            }
        }
        String receivedLsn = query("postgres-replica", "SELECT pg_last_wal_receive_lsn()");
        stack.processes().kill("postgres");

        String promoted = Recoveries.promoteReplica("postgres-replica").run(stack);
        String repointed = Recoveries.repoint("postgres", "postgres-replica", 5432).run(stack);

        assertThat(promoted).contains("promoted").contains("received WAL up to " + receivedLsn);
        assertThat(repointed).contains("now leads to postgres-replica:5432");
        assertThat(query("postgres", "SELECT pg_is_in_recovery()")).as("through the postgres proxy: the new primary").isEqualTo("f");
        assertThat(query("postgres", "SELECT count(*) FROM items")).as("what was written after the cut is lost").isEqualTo("100");
        sql("postgres", "INSERT INTO items VALUES (1000)");

        // Independently, on the old primary brought back (crash recovery keeps its commits): the rows it committed
        // after the position the replica had received are exactly those the failover lost.
        stack.processes().start("postgres");
        assertThat(query("postgres-replica", "SELECT count(*) FROM items WHERE id BETWEEN 101 AND 150")).isEqualTo("0");
        // Checkpoints after WAL switches recycle the segments before them, that of the received position too,
        // unless the server keeps them (wal_keep_size): the WAL the answer is read from must survive them.
        // (On the old primary itself: the proxy 'postgres' now leads to the new one.)
        sqlDirect("postgres", "CREATE TABLE churn (n int)");
        for (int n = 0; n < 4; n++) {
            sqlDirect("postgres", "INSERT INTO churn VALUES (" + n + ")");
            sqlDirect("postgres", "SELECT pg_switch_wal()");
            sqlDirect("postgres", "CHECKPOINT");
        }
        assertThat(Replication.rowsCommittedAfter(stack, "postgres", "items", "id", receivedLsn))
                .as("rows the old primary committed after " + receivedLsn)
                .containsExactlyElementsOf(ids(101, 150));
        assertThat(Replication.rowsCommittedAfter(stack, "postgres", "items", "id", afterRow120))
                .as("rows committed after " + afterRow120 + ", the position just after row 120's commit")
                .containsExactlyElementsOf(ids(121, 150));
        assertThatThrownBy(() -> Replication.rowsCommittedAfter(stack, "postgres", "no_such_table", "id", receivedLsn))
                .hasMessageContaining("rows of no_such_table committed on postgres after " + receivedLsn)
                .hasMessageContaining("step 'read the commit records after " + receivedLsn + "' failed")
                .hasMessageContaining("no_such_table");
        assertThatThrownBy(() -> Replication.rowsCommittedAfter(stack, "postgres", "items", "id", "yesterday"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0/3000148");
    }

    /** from..to as the text the query returns, ascending (all of the same width here, so text order is number order). */
    private static java.util.List<String> ids(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).mapToObj(String::valueOf).toList();
    }

    private static void sql(String service, String statement) throws SQLException {
        try (Connection c = PostgresLogin.of(stack, service).connect(stack, service); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** {@code statement} on the server of {@code service} itself, bypassing the fault proxy. */
    private static void sqlDirect(String service, String statement) throws SQLException {
        try (Connection c = PostgresLogin.of(stack, service).connectDirect(stack, service); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static String query(String service, String query) throws SQLException {
        try (Connection c = PostgresLogin.of(stack, service).connect(stack, service); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
