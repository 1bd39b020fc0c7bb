package dev.firedrill.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-JVM API: start on an ephemeral port, config file, close releases everything. */
class ToxiproxyServerTest {

    @Test
    void startsOnAnEphemeralLoopbackPortAndReportsItsUrl() {
        try (ToxiproxyServer server = ToxiproxyServer.builder().start()) {
            assertThat(server.apiPort()).isPositive();
            assertThat(server.apiUrl()).isEqualTo("http://127.0.0.1:" + server.apiPort());
            assertThat(new Http(server.apiUrl()).get("/version").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void configFileProxiesAreCreatedAtStartAndAFaultyFileIsOnlyReported(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "[{\"name\":\"db\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:5432\"}]");
        try (ToxiproxyServer server = ToxiproxyServer.builder().config(config).start()) {
            assertThat(new Http(server.apiUrl()).get("/proxies/db").body()).contains("\"upstream\":\"127.0.0.1:5432\"");
        }
        try (ToxiproxyServer server = ToxiproxyServer.builder().config(dir.resolve("missing.json")).start()) {
            assertThat(new Http(server.apiUrl()).get("/proxies").body()).isEqualTo("{}");
        }
    }

    @Test
    void closeStopsTheApiAndEveryProxyListener() throws Exception {
        // Ports below the kernel's ephemeral range: once released, no other process's outgoing connection can take
        // one as its source port before the check binds it (that made this test fail on a busy machine).
        int apiPort = freePortBelowTheEphemeralRange(20_000);
        int proxyPort = freePortBelowTheEphemeralRange(apiPort + 1);
        ToxiproxyServer server = ToxiproxyServer.builder().port(apiPort).start();
        new Http(server.apiUrl()).post("/proxies",
                "{\"name\":\"db\",\"listen\":\"127.0.0.1:" + proxyPort + "\",\"upstream\":\"127.0.0.1:1\"}").body();
        assertThat(server.apiPort()).isEqualTo(apiPort);
        server.close();
        // Released = a new listener can take the port, as a restarted server takes it: with SO_REUSEADDR, so that the
        // API connection the close ended, left in TIME_WAIT on the port, does not count (a connect attempt is no proof
        // either: Linux may connect a socket to itself when its ephemeral source port happens to be the one tried).
        assertThatCode(() -> listenOn(proxyPort)).as("proxy port %d released", proxyPort).doesNotThrowAnyException();
        assertThatCode(() -> listenOn(apiPort)).as("API port %d released", apiPort).doesNotThrowAnyException();
        assertThatThrownBy(server::apiPort).isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");
    }

    private static void listenOn(int port) throws java.io.IOException {
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReuseAddress(true);
            listener.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        }
    }

    /** The first port from {@code from} (below 32768, where Linux's ephemeral range starts) that a listener can take now. */
    private static int freePortBelowTheEphemeralRange(int from) {
        for (int port = from; port < 32_768; port++) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (java.io.IOException taken) {
                // try the next one
            }
        }
        throw new IllegalStateException("no free port between " + from + " and 32767");
    }

    @Test
    void aPortThatIsNotATcpPortIsRefused() {
        assertThatThrownBy(() -> ToxiproxyServer.builder().port(70_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
    }
}
