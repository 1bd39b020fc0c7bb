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
        stack.addProxy(StreamingReplica.REPLICATION_PROXY, StreamingReplica.REPLICATION_PORT, "postgres", 5432);
        stack.setProxyEnabled(StreamingReplica.REPLICATION_PROXY, false);   // the replication path is down
        try {
            assertThatThrownBy(() -> Backups.streamingReplica("postgres-replica", "postgres").run(stack, new Timeline(HarnessClock.system())))
                    .hasMessageContaining("streaming replica(postgres-replica of postgres): step 'pg_basebackup through postgres-replication' failed")
                    .hasMessageContaining("pg_basebackup exited")
                    .hasMessageContaining("15432");
        } finally {
            stack.setProxyEnabled(StreamingReplica.REPLICATION_PROXY, true);
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

        stack.setProxyEnabled(StreamingReplica.REPLICATION_PROXY, false);   // the stream is cut
        sql("postgres", "INSERT INTO items SELECT generate_series(101, 150)");
        String receivedLsn = query("postgres-replica", "SELECT pg_last_wal_receive_lsn()");
        stack.kill("postgres");

        String promoted = Recoveries.promoteReplica("postgres-replica").run(stack);
        String repointed = Recoveries.repoint("postgres", "postgres-replica", 5432).run(stack);

        assertThat(promoted).contains("promoted").contains("received WAL up to " + receivedLsn);
        assertThat(repointed).contains("now leads to postgres-replica:5432");
        assertThat(query("postgres", "SELECT pg_is_in_recovery()")).as("through the postgres proxy: the new primary").isEqualTo("f");
        assertThat(query("postgres", "SELECT count(*) FROM items")).as("what was written after the cut is lost").isEqualTo("100");
        sql("postgres", "INSERT INTO items VALUES (1000)");
    }

    private static void sql(String service, String statement) throws SQLException {
        try (Connection c = PostgresLogin.of(stack, service).connect(stack, service); Statement s = c.createStatement()) {
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
