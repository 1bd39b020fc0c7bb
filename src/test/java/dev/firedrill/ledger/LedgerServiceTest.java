package dev.firedrill.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service without any database or cache to reach: it still starts, answers and explains why it is not ready. */
class LedgerServiceTest {

    @TempDir
    Path dir;

    /** A service whose database and cache are closed ports: whatever it answers, it answered without them. */
    static LedgerConfig unreachable(Duration timeout) throws IOException {
        return LedgerConfig.of("jdbc:postgresql://127.0.0.1:" + closedPort() + "/ledger", "ledger", "secret")
                .withRedisUrl("redis://127.0.0.1:" + closedPort())
                .withDbTimeout(timeout)
                .withPorts(0, 0);
    }

    @Test
    void startsWithoutADatabaseAndExplainsWhyItIsNotReady() throws Exception {
        long started = System.nanoTime();
        try (LedgerService ledger = LedgerService.start(unreachable(Duration.ofMillis(1000)))) {
            long startMs = (System.nanoTime() - started) / 1_000_000;
            LedgerClient client = new LedgerClient(ledger.httpPort());

            assertThat(client.get("/health").statusCode()).isEqualTo(200);
            HttpResponse<String> ready = client.get("/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(ready.body()).isEqualTo("{\"database\":\"connection refused\",\"cache\":\"connection refused\"}");
            assertThat(startMs).as("start time in ms").isLessThan(5000);
            System.out.printf("started in-process in %d ms%n", startMs);
        }
    }

    @Test
    void answersWritesWith503WithinTheTimeoutWhileTheDatabaseIsUnreachable() throws Exception {
        try (LedgerService ledger = LedgerService.start(unreachable(Duration.ofMillis(1000)))) {
            LedgerClient client = new LedgerClient(ledger.httpPort());

            long started = System.nanoTime();
            HttpResponse<String> write = client.write("w-1", "acc", 5);
            long tookMs = (System.nanoTime() - started) / 1_000_000;

            assertThat(write.statusCode()).isEqualTo(503);
            assertThat(write.body()).contains("\"reason\":\"connection refused\"");
            assertThat(tookMs).isLessThan(1800);
        }
    }

    @Test
    void refusesInvalidEntriesBeforeTouchingTheDatabase() throws Exception {
        try (LedgerService ledger = LedgerService.start(unreachable(Duration.ofMillis(1000)))) {
            LedgerClient client = new LedgerClient(ledger.httpPort());

            HttpResponse<String> bad = client.post("/entries", "{\"id\": \"w-1\", \"account\": \"acc\", \"amount\": \"ten\"}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("field 'amount' is not valid");
            assertThat(client.get("/entries?limit=5000").body()).contains("query parameter 'limit'='5000' is not valid");
            assertThat(client.get("/entries/bad%20id").statusCode()).isEqualTo(400);
            assertThat(client.get("/nothing").statusCode()).isEqualTo(404);
            HttpResponse<String> wrongMethod = client.post("/health", "");
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.headers().firstValue("Allow")).contains("GET");
        }
    }

    @Test
    void leaksOnPurposeAtTheAskedRateAndSaysWhatIsValid() throws Exception {
        try (LedgerService ledger = LedgerService.start(unreachable(Duration.ofMillis(1000)))) {
            LedgerClient client = new LedgerClient(ledger.httpPort());

            assertThat(client.get("/admin/leak").body()).isEqualTo("{\"mib_per_second\":0,\"leaked_bytes\":0}");
            HttpResponse<String> missing = client.post("/admin/leak", "");
            assertThat(missing.statusCode()).isEqualTo(400);
            assertThat(missing.body()).contains("mib-per-second is missing: POST /admin/leak?mib-per-second=N");
            assertThat(client.post("/admin/leak?mib-per-second=lots", "").body())
                    .contains("query parameter 'mib-per-second'='lots' is not valid: expected a whole number from 0 (stop) to 1024");
            assertThat(client.post("/admin/leak?mib-per-second=2000", "").statusCode()).isEqualTo(400);

            HttpResponse<String> leaking = client.post("/admin/leak?mib-per-second=10", "");
            assertThat(leaking.statusCode()).isEqualTo(200);
            assertThat(leaking.body()).startsWith("{\"mib_per_second\":10,\"previous\":0,");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!client.get("/admin/leak").body().matches(".*\"leaked_bytes\":[1-9].*") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(client.get("/admin/leak").body()).matches(".*\"leaked_bytes\":[1-9][0-9]*}");
            assertThat(client.post("/admin/leak?mib-per-second=0", "").body()).startsWith("{\"mib_per_second\":0,\"previous\":10,");
        }
    }

    @Test
    void failsTheConfiguredShareOfEntryRequestsButNeverHealth() throws Exception {
        LedgerConfig config = unreachable(Duration.ofMillis(1000)).withFailRate(1.0).withRelease("B");
        try (LedgerService ledger = LedgerService.start(config, new Random(3))) {
            LedgerClient client = new LedgerClient(ledger.httpPort());

            HttpResponse<String> write = client.write("w-1", "acc", 5);
            assertThat(write.statusCode()).isEqualTo(500);
            assertThat(write.body()).contains("injected failure: release 'B'");
            assertThat(client.get("/entries/w-1").statusCode()).isEqualTo(500);
            assertThat(client.get("/health").statusCode()).isEqualTo(200);
            assertThat(client.get("/version").body()).contains("\"release\":\"B\"");
            assertThat(client.get("/metrics").body())
                    .contains("ledger_http_requests_total{method=\"POST\",route=\"/entries\",status=\"500\"} 1")
                    .contains("ledger_http_requests_total{method=\"GET\",route=\"/entries/{id}\",status=\"500\"} 1");
        }
    }

    @Test
    void finishesAnInFlightRequestBeforeShuttingDown() throws Exception {
        // With the database unreachable a write takes the whole timeout: a slow request to drain.
        LedgerService ledger = LedgerService.start(unreachable(Duration.ofMillis(1500)));
        LedgerClient client = new LedgerClient(ledger.httpPort());
        CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> {
            try {
                return client.write("w-1", "acc", 5);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (ledger.inFlight() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(ledger.inFlight()).isEqualTo(1);

        ledger.close();

        assertThat(slow.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
    }

    @Test
    void servesHttpsAndPicksUpARenewedCertificateWithoutRestart() throws Exception {
        Path keystore = Keystores.create(dir.resolve("ledger.p12"), "first");
        LedgerConfig config = unreachable(Duration.ofMillis(1000)).withTls(keystore, Keystores.PASSWORD);
        try (LedgerService ledger = LedgerService.start(config)) {
            assertThat(Keystores.servedSubject(ledger.httpsPort())).isEqualTo("CN=first");

            Keystores.create(keystore, "second");

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String served = Keystores.servedSubject(ledger.httpsPort());
            while (!served.equals("CN=second") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                served = Keystores.servedSubject(ledger.httpsPort());
            }
            assertThat(served).isEqualTo("CN=second");
        }
    }

    @Test
    void namesThePortItCannotListenOn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            LedgerConfig config = unreachable(Duration.ofMillis(1000)).withPorts(taken.getLocalPort(), 0);

            assertThatThrownBy(() -> LedgerService.start(config))
                    .isInstanceOf(java.io.UncheckedIOException.class)
                    .hasMessageStartingWith("ledger could not listen on HTTP port " + taken.getLocalPort());
        }
    }

    /**
     * An open-model load (Gatling: a new connection whenever every pooled one is busy) leaves hundreds of keep-alive
     * connections idle after a burst; the JDK server closes every one that goes idle beyond its idle cap (200 by
     * default), and a client that reuses such a connection gets a premature close. The service keeps them all.
     */
    @Test
    void keepsManyIdleKeepAliveConnectionsOpenAfterABurst() throws Exception {
        int connections = 400;   // twice the JDK server's default cap
        try (LedgerService ledger = LedgerService.start(unreachable(Duration.ofMillis(1000)))) {
            java.util.List<java.net.Socket> sockets = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    java.net.Socket socket = new java.net.Socket("127.0.0.1", ledger.httpPort());
                    socket.setSoTimeout(10_000);
                    sockets.add(socket);
                }
                // all in flight at once, then all idle
                for (java.net.Socket socket : sockets) {
                    sendHealth(socket);
                }
                for (java.net.Socket socket : sockets) {
                    assertThat(readStatusLine(socket)).isEqualTo("HTTP/1.1 200 OK");
                }
                int reused = 0;
                for (java.net.Socket socket : sockets) {
                    try {
                        sendHealth(socket);
                        if ("HTTP/1.1 200 OK".equals(readStatusLine(socket))) {
                            reused++;
                        }
                    } catch (IOException closedByTheServer) {
                        // counted as not reused
                    }
                }
                assertThat(reused).as("keep-alive connections still answering after %d went idle at once", connections)
                        .isEqualTo(connections);
            } finally {
                for (java.net.Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    private static void sendHealth(java.net.Socket socket) throws IOException {
        socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: ledger\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
    }

    /** The status line of one response, its headers and its body (Content-Length) consumed; null at end of stream. */
    private static String readStatusLine(java.net.Socket socket) throws IOException {
        java.io.InputStream in = socket.getInputStream();
        String status = readLine(in);
        int length = 0;
        for (String header = readLine(in); header != null && !header.isEmpty(); header = readLine(in)) {
            if (header.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(header.substring("content-length:".length()).trim());
            }
        }
        in.readNBytes(length);
        return status;
    }

    private static String readLine(java.io.InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                return line.toString().stripTrailing();
            }
            line.append((char) b);
        }
        return line.length() == 0 ? null : line.toString();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
