package dev.firedrill.release;

import com.sun.net.httpserver.HttpServer;
import dev.firedrill.Endpoint;
import dev.firedrill.HarnessClock;
import dev.firedrill.Recovery;
import dev.firedrill.ReleaseChange;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.spec.DrillFileException;
import dev.firedrill.spec.DrillFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The procedure maintenance-mode: its argument checks, its drill-file form, and its HTTP exchange against a small
 * server on loopback that keeps a mode as the reference service does (or answers wrongly, for the errors).
 */
class MaintenanceModeTest {

    private final AtomicReference<String> mode = new AtomicReference<>("off");
    private final AtomicReference<String> getAnswer = new AtomicReference<>();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private SystemUnderTest serving() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/admin/maintenance", exchange -> {
            String answer;
            if ("POST".equals(exchange.getRequestMethod())) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String asked = body.replaceAll(".*\"mode\"\\s*:\\s*\"([^\"]*)\".*", "$1");
                answer = "{\"mode\": \"" + asked + "\", \"previous\": \"" + mode.getAndSet(asked) + "\"}";
            } else {
                answer = getAnswer.get() != null ? getAnswer.get() : "{\"mode\": \"" + mode.get() + "\"}";
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        int port = server.getAddress().getPort();
        return new SystemUnderTest() {
            @Override
            public Set<String> services() {
                return Set.of("ledger");
            }

            @Override
            public Endpoint endpoint(String service, int p) {
                return new Endpoint("127.0.0.1", port);
            }

            @Override
            public Map<String, String> environment(String service) {
                return Map.of();
            }
        };
    }

    @Test
    void switchesTheModeChecksItAndNotesTheChange() throws IOException {
        SystemUnderTest system = serving();
        Timeline timeline = new Timeline(HarnessClock.system());

        String output = new MaintenanceMode("ledger", "readonly", 8080).run(system, timeline);
        new MaintenanceMode("ledger", "off", 8080).run(system, timeline);

        assertThat(output).startsWith("ledger mode: off -> readonly by maintenance-mode(ledger, readonly)");
        assertThat(timeline.events()).filteredOn(e -> ReleaseChange.NOTE.equals(e.kind())).extracting(e -> e.detail()).containsExactly(
                "ledger mode: off -> readonly by maintenance-mode(ledger, readonly)",
                "ledger mode: readonly -> off by maintenance-mode(ledger, off)");
        assertThat(mode.get()).isEqualTo("off");
    }

    @Test
    void aServiceThatDoesNotKeepTheModeIsAnErrorNamingTheAnswer() throws IOException {
        SystemUnderTest system = serving();
        getAnswer.set("{\"mode\": \"off\"}");

        assertThatThrownBy(() -> new MaintenanceMode("ledger", "readonly", 8080).run(system))
                .hasMessageContaining("maintenance-mode(ledger, readonly): GET http://127.0.0.1:")
                .hasMessageContaining("answered 200 {\"mode\": \"off\"}, expected 200 with {\"mode\": \"readonly\"}");
    }

    @Test
    void noServiceListeningIsAnErrorNamingTheRequest() throws IOException {
        SystemUnderTest system = serving();
        server.stop(0);
        server = null;

        assertThatThrownBy(() -> new MaintenanceMode("ledger", "maintenance", 8080).run(system))
                .hasMessageContaining("maintenance-mode(ledger, maintenance): POST http://127.0.0.1:").hasMessageContaining("failed");
    }

    @Test
    void badArgumentsAreRefusedSayingWhatIsValid() {
        assertThatThrownBy(() -> new MaintenanceMode("ledger", "read-only", 8080)).hasMessageContaining("'mode' is one of off, readonly, maintenance; got 'read-only'");
        assertThatThrownBy(() -> new MaintenanceMode(" ", "off", 8080)).hasMessageContaining("'target' names the service");
        assertThatThrownBy(() -> new MaintenanceMode("ledger", "off", 0)).hasMessageContaining("'port' is the service's HTTP port, 1 to 65535; got 0");
        assertThat(new MaintenanceMode("ledger", "off", 8080).requires()).as("HTTP only: external systems too").isEmpty();
    }

    @Test
    void theDrillFileFormBuildsTheSameStepAndRefusesAnUnknownMode() {
        assertThat(recovery("  - {procedure: maintenance-mode, target: ledger, mode: readonly}\n  - {procedure: maintenance-mode, target: api, mode: off, port: 9000}\n"))
                .containsExactly(new MaintenanceMode("ledger", "readonly", 8080), new MaintenanceMode("api", "off", 9000));
        assertThatThrownBy(() -> recovery("  - {procedure: maintenance-mode, target: ledger, mode: on}\n"))
                .isInstanceOf(DrillFileException.class).hasMessageContaining("mode").hasMessageContaining("readonly");
        assertThatThrownBy(() -> recovery("  - {procedure: maintenance-mode, target: ledger}\n"))
                .isInstanceOf(DrillFileException.class).hasMessageContaining("mode");
    }

    private static List<Recovery> recovery(String steps) {
        return DrillFiles.parse(Path.of("drills/m.yml"), """
                id: M
                title: Maintenance
                steady-state: {probes: [{probe: write}]}
                recovery:
                %s
                """.formatted(steps)).drill().recoveries();
    }
}
