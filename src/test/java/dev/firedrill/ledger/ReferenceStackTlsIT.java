package dev.firedrill.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.stack.StackDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * HTTPS of the reference service in its own image: keystores made with the JDK's {@code keytool} in
 * a host directory that {@code docker-compose.tls.yml} bind-mounts into the ledger; replacing the file
 * on the host changes the certificate new connections get on 8443 (through the proxy {@code ledger-8443}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReferenceStackTlsIT {

    private static final String COMPOSE = "docker-compose.tls.yml";

    private static Path work;
    private static Path keystore;
    private static LedgerInStack ledger;

    @BeforeAll
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    static void startStack() throws Exception {
        work = Files.createTempDirectory("firedrill-tls-");
        Path tls = Files.createDirectory(work.resolve("tls"));
        // The service runs as uid 10001: it must be able to enter the directories and read the keystore.
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(tls, PosixFilePermissions.fromString("rwxr-xr-x"));
        keystore = tls.resolve("ledger.p12");
        install("ledger-first");
        Path compose = work.resolve(COMPOSE);
        try (InputStream resource = ReferenceStackTlsIT.class.getResourceAsStream(COMPOSE)) {
            Files.copy(resource, compose);
        }
        ledger = LedgerInStack.start(StackDefinition.load(compose));
    }

    @AfterAll
    static void closeStack() throws IOException {
        if (ledger != null) {
            ledger.close();
        }
        if (work != null) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    @Test
    void servesHttpsThroughTheProxyWithTheMountedCertificate() throws Exception {
        int port = ledger.stack.endpoint("ledger", 8443).port();
        assertThat(ledger.stack.endpoint("ledger", 8443)).isEqualTo(ledger.stack.directEndpoint("proxy", 8443));

        HttpClient https = HttpClient.newBuilder().sslContext(Keystores.trustingClient()).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/version"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(LedgerInStack.json(health).get("release").asText()).isEqualTo("A");
        assertThat(ledger.http().get("/health").statusCode()).as("plain HTTP on 8080 goes on").isEqualTo(200);
    }

    @Test
    void replacingTheKeystoreFileChangesTheCertificateOfNewConnections() throws Exception {
        int port = ledger.stack.endpoint("ledger", 8443).port();
        String before = Keystores.servedSubject(port);
        assertThat(before).startsWith("CN=ledger-");

        long replaced = install("ledger-renewed");
        String served = awaitSubject(port, "CN=ledger-renewed", Duration.ofSeconds(15));
        System.out.printf("new certificate served %d ms after the keystore file was replaced%n",
                (System.nanoTime() - replaced) / 1_000_000);
        assertThat(served).isEqualTo("CN=ledger-renewed");
        assertThat(ledger.stack.processes().logs("ledger")).contains("reloaded: now serving CN=ledger-renewed");
    }

    @Test
    void aBrokenKeystoreFileKeepsTheCertificateServedBefore() throws Exception {
        int port = ledger.stack.endpoint("ledger", 8443).port();
        install("ledger-good");
        awaitSubject(port, "CN=ledger-good", Duration.ofSeconds(15));

        Path broken = Files.createTempFile(work, "broken", ".p12");
        Files.writeString(broken, "not a keystore");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(broken, keystore, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!ledger.stack.processes().logs("ledger").contains("changed but cannot be loaded") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(ledger.stack.processes().logs("ledger")).contains("changed but cannot be loaded");
        assertThat(Keystores.servedSubject(port)).isEqualTo("CN=ledger-good");

        install("ledger-fixed");
        assertThat(awaitSubject(port, "CN=ledger-fixed", Duration.ofSeconds(15))).isEqualTo("CN=ledger-fixed");
    }

    /**
     * Makes a keystore for CN=name next to the mounted directory, readable by all, then moves it in
     * atomically; returns the monotonic time of the move.
     */
    private static long install(String name) throws Exception {
        Path scratch = Files.createTempDirectory(work, "keytool-");
        Path made = Keystores.create(scratch.resolve("ledger.p12"), name);
        Files.setPosixFilePermissions(made, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(made, keystore, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long moved = System.nanoTime();
        Files.delete(scratch);
        return moved;
    }

    private static String awaitSubject(int port, String expected, Duration bound) throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        String served = Keystores.servedSubject(port);
        while (!served.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            served = Keystores.servedSubject(port);
        }
        return served;
    }
}
