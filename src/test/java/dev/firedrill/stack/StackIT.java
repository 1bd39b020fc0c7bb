package dev.firedrill.stack;

import dev.firedrill.Owner;
import dev.firedrill.Endpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stack on a real engine: PostgreSQL and Redis from the reference Compose file. */
@Timeout(120)
class StackIT {

    private static Stack stack;

    @BeforeAll
    static void startStack() {
        stack = Stack.start(StackDefinition.load(ProjectFiles.referenceCompose()).only("postgres", "redis"));
    }

    @AfterAll
    static void closeStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void startsServicesReachableThroughLoopbackPorts() throws Exception {
        assertThat(stack.services()).containsExactly("proxy", "postgres", "redis");
        assertThat(query("SELECT 1")).isEqualTo("1");
        assertThat(redisPing()).isEqualTo("+PONG");
        assertThat(stack.endpoint("postgres", 5432)).as("through the proxy").isEqualTo(stack.directEndpoint("proxy", 5432));
        assertThat(stack.directEndpoint("postgres", 5432).host()).isEqualTo("127.0.0.1");
    }

    @Test
    void labelsEveryContainerWithRunAndOwner() {
        var labels = org.testcontainers.DockerClientFactory.instance().client()
                .inspectContainerCmd(stack.containerId("postgres")).exec().getConfig().getLabels();
        assertThat(labels).containsEntry(Owner.RUN_LABEL, stack.runId())
                .containsEntry(Owner.LABEL, Owner.current().label());
    }

    @Test
    void killedServiceStartsAgainWithItsDataAndFreshPorts() throws Exception {
        exec("CREATE TABLE IF NOT EXISTS survivors(id int)");
        exec("INSERT INTO survivors VALUES (42)");

        Endpoint before = stack.directEndpoint("postgres", 5432);
        stack.processes().kill("postgres");
        try {
            assertThat(stack.processes().isRunning("postgres")).isFalse();
            assertThatThrownBy(() -> stack.directEndpoint("postgres", 5432))
                    .isInstanceOf(StackException.class).hasMessageContaining("no mapped port 5432");
        } finally {
            stack.processes().start("postgres");
        }
        assertThat(stack.processes().isRunning("postgres")).isTrue();
        assertThat(query("SELECT max(id) FROM survivors")).isEqualTo("42");
        assertThat(stack.directEndpoint("postgres", 5432).host()).isEqualTo(before.host());
    }

    @Test
    void disconnectedServiceIsUnreachableFromTheNetworkUntilReconnected() {
        // Behind the proxy, the real Redis answers on the network as its upstream alias.
        String redis = ProxyWiring.upstreamAlias("redis");
        stack.network().disconnect("redis");
        try {
            var result = stack.commands().exec("postgres", "bash", "-c", "timeout 2 bash -c '</dev/tcp/" + redis + "/6379' && echo open || echo closed");
            assertThat(result.stdout()).contains("closed");
        } finally {
            stack.network().reconnect("redis");
        }
        var result = stack.commands().exec("postgres", "bash", "-c", "timeout 5 bash -c '</dev/tcp/" + redis + "/6379' && echo open || echo closed");
        assertThat(result.stdout()).contains("open");
    }

    @Test
    void unknownServiceIsAConfigurationErrorListingTheServices() {
        assertThatThrownBy(() -> stack.processes().kill("mysql"))
                .isInstanceOf(StackConfigurationException.class)
                .hasMessageContaining("Unknown service 'mysql'")
                .hasMessageContaining("[proxy, postgres, redis]");
    }

    private static String query(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void exec(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Connection connect() throws SQLException {
        Endpoint pg = stack.directEndpoint("postgres", 5432);
        DriverManager.setLoginTimeout(3);
        return DriverManager.getConnection(pg.jdbcPostgres("ledger"), "ledger",
                stack.environment("postgres").get("POSTGRES_PASSWORD"));
    }

    private static String redisPing() throws IOException {
        Endpoint redis = stack.directEndpoint("redis", 6379);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(redis.host(), redis.port()), 2000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write("PING\r\n".getBytes());
            byte[] buf = new byte[5];
            int n = socket.getInputStream().readNBytes(buf, 0, 5);
            return new String(buf, 0, n);
        }
    }
}
