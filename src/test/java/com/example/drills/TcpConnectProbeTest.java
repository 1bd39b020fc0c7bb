package com.example.drills;

import dev.firedrill.Endpoint;
import dev.firedrill.HarnessClock;
import dev.firedrill.Observation;
import dev.firedrill.Probe;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.spec.DrillFiles;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The user's tcp-connect probe: read from a drill file, it connects every 100 ms and sees a closed port fail. */
class TcpConnectProbeTest {

    @Test
    void aDrillFileNamesTheProbeAndAGuardWatchesThePathItRecordsUnder() {
        var file = DrillFiles.parse(Path.of("x.yml"), """
                id: X
                title: t
                steady-state:
                  probes: [{probe: tcp-connect, path: db-port, service: postgres, port: 5432}]
                safety:
                  guards: [{probe: {probe: tcp-connect, path: api-port, service: ledger, port: 8080, timeout: 300ms}, consecutive-failures: 3}]
                """);

        assertThat(file.drill().probes()).containsExactly(new TcpConnectProbe("db-port", "postgres", 5432, Duration.ofSeconds(1)));
        assertThat(file.safety().guards()).singleElement().satisfies(g -> assertThat(g.path()).isEqualTo("api-port"));
    }

    @Test
    void everyConnectToAnOpenPortSucceedsAndToAClosedOneFails() throws Exception {
        Timeline timeline = new Timeline(HarnessClock.system());
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        SystemUnderTest system = new OneService("db", new Endpoint("127.0.0.1", server.getLocalPort()));
        Probe probe = new TcpConnectProbe("db-port", "db", 5432, Duration.ofMillis(500)).apply(system);

        try (Probe.Running running = probe.start(timeline)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> running.observations() >= 5);
            server.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> timeline.observations("db-port").stream().anyMatch(o -> !o.success()));
        }

        List<Observation> seen = timeline.observations("db-port");
        assertThat(seen.subList(0, 5)).allMatch(Observation::success);
        assertThat(seen.get(seen.size() - 1).success()).isFalse();
        assertThat(seen.get(seen.size() - 1).detail()).startsWith("connect to 127.0.0.1:" + server.getLocalPort() + ": java.net.ConnectException");
    }

    /** A system of one service at a local address. */
    private record OneService(String name, Endpoint endpoint) implements SystemUnderTest {
        @Override
        public Set<String> services() {
            return Set.of(name);
        }

        @Override
        public Endpoint endpoint(String service, int port) {
            return endpoint;
        }

        @Override
        public Map<String, String> environment(String service) {
            return Map.of();
        }
    }
}
