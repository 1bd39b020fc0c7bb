package dev.firedrill.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Bandwidth;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import eu.rekawek.toxiproxy.model.toxic.LimitData;
import eu.rekawek.toxiproxy.model.toxic.ResetPeer;
import eu.rekawek.toxiproxy.model.toxic.Slicer;
import eu.rekawek.toxiproxy.model.toxic.SlowClose;
import eu.rekawek.toxiproxy.model.toxic.Timeout;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The unmodified toxiproxy-java client (2.1.11) drives the server the way drills and Testcontainers do. */
class ToxiproxyJavaClientTest {
    private ToxiproxyServer server;
    private ToxiproxyClient client;
    private Upstream echo;

    @BeforeEach
    void start() throws IOException {
        server = ToxiproxyServer.builder().start();
        client = new ToxiproxyClient("127.0.0.1", server.apiPort());
        echo = Upstream.echo();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        echo.close();
    }

    private static long roundTripMillis(Proxy proxy) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", Upstream.parse(proxy.getListen()).getPort())) {
            socket.setSoTimeout(10_000);
            long start = System.nanoTime();
            socket.getOutputStream().write("ping".getBytes());
            assertThat(socket.getInputStream().readNBytes(4)).isEqualTo("ping".getBytes());
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    @Test
    void versionIsTheRawResponseBody() throws IOException {
        assertThat(client.version()).isEqualTo("{\"version\": \"2.12.0\"}");
    }

    @Test
    void proxiesAreCreatedListedFetchedAndDeleted() throws IOException {
        Proxy created = client.createProxy("db", "127.0.0.1:0", echo.address());
        client.createProxy("cache", "127.0.0.1:0", "127.0.0.1:1");
        assertThat(created.getListen()).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
        assertThat(created.isEnabled()).isTrue();
        assertThat(client.getProxies()).extracting(Proxy::getName).containsExactly("cache", "db");
        assertThat(client.getProxy("db").getUpstream()).isEqualTo(echo.address());
        created.delete();
        assertThat(client.getProxyOrNull("db")).isNull();
    }

    @Test
    void errorsReachTheClientAsIoExceptionsWithStatusAndMessage() throws IOException {
        client.createProxy("db", "127.0.0.1:0", echo.address());
        assertThatThrownBy(() -> client.createProxy("db", "127.0.0.1:0", echo.address()))
                .isInstanceOf(IOException.class).hasMessage("[409] proxy already exists");
        assertThatThrownBy(() -> client.getProxy("nope"))
                .isInstanceOf(IOException.class).hasMessage("[404] proxy not found");
        assertThatThrownBy(() -> client.getProxy("db").toxics().get("nope"))
                .isInstanceOf(IOException.class).hasMessage("[404] toxic not found");
        Proxy proxy = client.getProxy("db");
        proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 10);
        assertThatThrownBy(() -> proxy.toxics().timeout("slow", ToxicDirection.UPSTREAM, 10))
                .isInstanceOf(IOException.class).hasMessage("[409] toxic already exists");
    }

    @Test
    void everyToxicTypeIsCreatedReadBackAndUpdatedThroughTheClient() throws IOException {
        Proxy proxy = client.createProxy("db", "127.0.0.1:0", echo.address());
        proxy.toxics().latency("latency", ToxicDirection.DOWNSTREAM, 100).setJitter(7);
        proxy.toxics().bandwidth("bandwidth", ToxicDirection.UPSTREAM, 1000).setRate(500);
        proxy.toxics().slicer("slicer", ToxicDirection.DOWNSTREAM, 64, 10).setSizeVariation(8);
        proxy.toxics().slowClose("slow_close", ToxicDirection.DOWNSTREAM, 100).setDelay(200);
        proxy.toxics().timeout("timeout", ToxicDirection.UPSTREAM, 0).setTimeout(9000);
        proxy.toxics().limitData("limit_data", ToxicDirection.DOWNSTREAM, 100).setBytes(1000);
        proxy.toxics().resetPeer("reset_peer", ToxicDirection.UPSTREAM, 100).setTimeout(300);

        Latency latency = proxy.toxics().get("latency", Latency.class);
        assertThat(latency.getLatency()).isEqualTo(100);
        assertThat(latency.getJitter()).isEqualTo(7);
        latency.setToxicity(0.5f);
        assertThat(proxy.toxics().get("latency", Latency.class).getToxicity()).isEqualTo(0.5f);
        assertThat(proxy.toxics().get("latency", Latency.class).getLatency()).isEqualTo(100);
        assertThat(proxy.toxics().get("bandwidth", Bandwidth.class).getRate()).isEqualTo(500);
        Slicer slicer = proxy.toxics().get("slicer", Slicer.class);
        assertThat(List.of(slicer.getAverageSize(), slicer.getSizeVariation(), slicer.getDelay())).containsExactly(64L, 8L, 10L);
        assertThat(proxy.toxics().get("slow_close", SlowClose.class).getDelay()).isEqualTo(200);
        assertThat(proxy.toxics().get("timeout", Timeout.class).getTimeout()).isEqualTo(9000);
        assertThat(proxy.toxics().get("limit_data", LimitData.class).getBytes()).isEqualTo(1000);
        assertThat(proxy.toxics().get("reset_peer", ResetPeer.class).getTimeout()).isEqualTo(300);
        assertThat(proxy.toxics().getAll()).extracting(t -> t.getName()).containsExactly(
                "bandwidth", "timeout", "reset_peer", "latency", "slicer", "slow_close", "limit_data");
        proxy.toxics().get("slicer").remove();
        assertThat(proxy.toxics().getAll()).hasSize(6);
    }

    @Test
    void resetRemovesToxicsEnablesProxiesAndKeepsThemFetchable() throws IOException {
        Proxy proxy = client.createProxy("db", "127.0.0.1:0", echo.address());
        proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 1000);
        proxy.disable();
        client.reset();
        Proxy after = client.getProxy("db");
        assertThat(after.isEnabled()).isTrue();
        assertThat(after.toxics().getAll()).isEmpty();
        assertThat(roundTripMillis(after)).isLessThan(500);
    }

    @Test
    void latencyWithJitterDelaysTheRoundTripLikeTheTestcontainersModuleTest() throws IOException {
        Proxy proxy = client.createProxy("redis", "127.0.0.1:0", echo.address());
        proxy.toxics().latency("latency", ToxicDirection.DOWNSTREAM, 1_100).setJitter(100);
        assertThat(roundTripMillis(proxy)).isBetween(1_000L, 1_500L);
    }

    @Test
    void connectionCutWithTwoZeroRateBandwidthToxicsStallsAndRecovers() throws Exception {
        Proxy cut = client.createProxy("redis:6379", "127.0.0.1:0", echo.address());
        Proxy other = client.createProxy("other", "127.0.0.1:0", echo.address());
        try (Socket socket = new Socket("127.0.0.1", Upstream.parse(cut.getListen()).getPort())) {
            cut.toxics().bandwidth("CUT_CONNECTION_DOWNSTREAM", ToxicDirection.DOWNSTREAM, 0);
            cut.toxics().bandwidth("CUT_CONNECTION_UPSTREAM", ToxicDirection.UPSTREAM, 0);
            socket.setSoTimeout(700);
            socket.getOutputStream().write("held".getBytes());
            InputStream in = socket.getInputStream();
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
            assertThat(roundTripMillis(other)).isLessThan(500);

            cut.toxics().get("CUT_CONNECTION_DOWNSTREAM").remove();
            cut.toxics().get("CUT_CONNECTION_UPSTREAM").remove();
            socket.setSoTimeout(5_000);
            assertThat(in.readNBytes(4)).isEqualTo("held".getBytes());
        }
        assertThat(roundTripMillis(client.getProxy("redis:6379"))).isLessThan(500);
    }

    @Test
    void disablingClosesConnectionsWithFinAndRefusesNewOnes() throws Exception {
        Proxy proxy = client.createProxy("db", "127.0.0.1:0", echo.address());
        int port = Upstream.parse(proxy.getListen()).getPort();
        try (Socket open = new Socket("127.0.0.1", port)) {
            open.setSoTimeout(5_000);
            open.getOutputStream().write(1);
            assertThat(open.getInputStream().read()).isEqualTo(1);
            proxy.disable();
            assertThat(open.getInputStream().read()).isEqualTo(-1);
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        proxy.enable();
        assertThat(client.getProxy("db").getListen()).isEqualTo("127.0.0.1:" + port);
        assertThat(roundTripMillis(proxy)).isLessThan(500);
    }

    @Test
    void upstreamChangeAppliesToNewConnections() throws Exception {
        Proxy proxy = client.createProxy("db", "127.0.0.1:0", "127.0.0.1:1");
        try (Upstream manual = Upstream.manual()) {
            proxy.setUpstream("localhost:" + Upstream.parse(manual.address()).getPort());
            try (Socket socket = new Socket("127.0.0.1", Upstream.parse(client.getProxy("db").getListen()).getPort());
                 Socket upstream = manual.accept()) {
                socket.getOutputStream().write(42);
                assertThat(upstream.getInputStream().read()).isEqualTo(42);
            }
        }
    }
}
