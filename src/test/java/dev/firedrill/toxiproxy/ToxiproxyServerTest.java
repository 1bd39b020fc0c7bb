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
        ToxiproxyServer server = ToxiproxyServer.builder().start();
        String body = new Http(server.apiUrl()).post("/proxies",
                "{\"name\":\"db\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}").body();
        int proxyPort = Integer.parseInt(body.replaceAll(".*\"listen\":\"127\\.0\\.0\\.1:(\\d+)\".*", "$1"));
        int apiPort = server.apiPort();
        server.close();
        // Released = a new listener can take the port (a connect attempt is no proof: Linux may connect a
        // socket to itself when its ephemeral source port happens to be the one tried).
        assertThatCode(() -> new ServerSocket(proxyPort, 1, InetAddress.getLoopbackAddress()).close())
                .as("proxy port %d released", proxyPort).doesNotThrowAnyException();
        assertThatCode(() -> new ServerSocket(apiPort, 1, InetAddress.getLoopbackAddress()).close())
                .as("API port %d released", apiPort).doesNotThrowAnyException();
        assertThatThrownBy(server::apiPort).isInstanceOf(IllegalStateException.class).hasMessageContaining("start()");
    }

    @Test
    void aPortThatIsNotATcpPortIsRefused() {
        assertThatThrownBy(() -> ToxiproxyServer.builder().port(70_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
    }
}
