package dev.firedrill.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

class OutageReasonTest {

    @Test
    void readsPostgresSqlStates() {
        assertThat(OutageReason.of(new SQLException("FATAL: sorry, too many clients already", "53300"))).isEqualTo("too many clients");
        assertThat(OutageReason.of(new SQLException("could not extend file: No space left on device", "53100"))).isEqualTo("disk full");
        assertThat(OutageReason.of(new SQLException("cannot execute INSERT in a read-only transaction", "25006"))).isEqualTo("read-only");
        assertThat(OutageReason.of(new SQLException("canceling statement due to statement timeout", "57014"))).isEqualTo("timeout");
        assertThat(OutageReason.of(new SQLException("the database system is starting up", "57P03"))).isEqualTo("starting up");
        assertThat(OutageReason.of(new SQLException("terminating connection due to administrator command", "57P01")))
                .isEqualTo("shutting down");
    }

    @Test
    void looksThroughThePoolsTimeoutToTheConnectionFailureBehindIt() {
        SQLException cause = new PSQLException("FATAL: sorry, too many clients already", PSQLState.UNKNOWN_STATE) {
            @Override
            public String getSQLState() {
                return "53300";
            }
        };
        SQLException pool = new SQLTransientConnectionException(
                "ledger-db - Connection is not available, request timed out after 2001ms (total=0, active=0, idle=0, waiting=1)",
                "53300", cause);

        assertThat(OutageReason.of(pool)).isEqualTo("too many clients");
        assertThat(OutageReason.isPoolTimeout(pool)).isTrue();
    }

    @Test
    void callsAPoolTimeoutWithoutCauseATimeout() {
        SQLException pool = new SQLTransientConnectionException(
                "ledger-db - Connection is not available, request timed out after 2001ms (total=1, active=1, idle=0, waiting=0)");

        assertThat(OutageReason.of(pool)).isEqualTo("timeout");
    }

    @Test
    void readsSocketFailuresAlongTheCauseChain() {
        SQLException readTimeout = new PSQLException("An I/O error occurred while sending to the backend.",
                PSQLState.CONNECTION_FAILURE, new SocketTimeoutException("Read timed out"));

        assertThat(OutageReason.of(readTimeout)).isEqualTo("timeout");
        assertThat(OutageReason.of(new PSQLException("An I/O error occurred while sending to the backend.",
                PSQLState.CONNECTION_FAILURE, new java.io.EOFException()))).isEqualTo("connection lost");
        assertThat(OutageReason.of(new SQLException("This connection has been closed.", "08003"))).isEqualTo("connection lost");
        assertThat(OutageReason.of(new PSQLException("Connection attempt timed out.", PSQLState.CONNECTION_UNABLE_TO_CONNECT)))
                .isEqualTo("timeout");
    }

    @Test
    void namesARefusedPostgresConnectionAsThePostgresDriverReportsIt() throws IOException {
        int closedPort = closedPort();
        Properties properties = new Properties();
        properties.setProperty("user", "ledger");
        properties.setProperty("connectTimeout", "1");

        SQLException failure = null;
        try (var ignored = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + closedPort + "/ledger", properties)) {
            // not reached
        } catch (SQLException e) {
            failure = e;
        }

        assertThat((Object) failure).isNotNull();
        assertThat(OutageReason.of(failure)).isEqualTo("connection refused");
    }

    @Test
    void namesARefusedRedisConnectionAsJedisReportsIt() throws IOException {
        int closedPort = closedPort();
        RuntimeException failure = null;
        try (JedisPool pool = new JedisPool(new JedisPoolConfig(), java.net.URI.create("redis://127.0.0.1:" + closedPort),
                500, 500); Jedis jedis = pool.getResource()) {
            jedis.ping();
        } catch (RuntimeException e) {
            failure = e;
        }

        assertThat(failure).isNotNull();
        assertThat(OutageReason.of(failure)).isEqualTo("connection refused");
    }

    @Test
    void readsRedisErrorReplies() {
        assertThat(OutageReason.of(new JedisDataException("OOM command not allowed when used memory > 'maxmemory'.")))
                .isEqualTo("out of memory");
        assertThat(OutageReason.of(new JedisDataException("READONLY You can't write against a read only replica.")))
                .isEqualTo("read-only");
        assertThat(OutageReason.of(new JedisDataException("LOADING Redis is loading the dataset in memory")))
                .isEqualTo("loading");
        assertThat(OutageReason.of(new JedisConnectionException(new SocketTimeoutException("Read timed out"))))
                .isEqualTo("timeout");
        assertThat(OutageReason.of(new JedisConnectionException("Unexpected end of stream."))).isEqualTo("connection lost");
    }

    @Test
    void fallsBackToTheExceptionForUnknownCauses() {
        assertThat(OutageReason.of(new IllegalStateException("odd\nsecond line"))).isEqualTo("IllegalStateException: odd");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
