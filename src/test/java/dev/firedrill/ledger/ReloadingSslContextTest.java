package dev.firedrill.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingSslContextTest {

    @TempDir
    Path dir;

    private HttpsServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private int serve(ReloadingSslContext tls) throws Exception {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        return server.getAddress().getPort();
    }

    @Test
    void servesTheNewCertificateToNewConnectionsAfterTheFileChanges() throws Exception {
        Path keystore = Keystores.create(dir.resolve("ledger.p12"), "first");
        ReloadingSslContext tls = ReloadingSslContext.load(keystore, Keystores.PASSWORD);
        int port = serve(tls);
        assertThat(Keystores.servedSubject(port)).isEqualTo("CN=first");

        Keystores.create(keystore, "second");

        assertThat(tls.reloadIfChanged()).isTrue();
        assertThat(tls.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=second");
        assertThat(Keystores.servedSubject(port)).isEqualTo("CN=second");
    }

    @Test
    void keepsServingTheLoadedCertificateWhileTheFileIsUnchanged() throws Exception {
        Path keystore = Keystores.create(dir.resolve("ledger.p12"), "first");
        ReloadingSslContext tls = ReloadingSslContext.load(keystore, Keystores.PASSWORD);

        assertThat(tls.reloadIfChanged()).isFalse();
        assertThat(tls.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=first");
    }

    @Test
    void ignoresAHalfWrittenFileAndTakesItOnceComplete() throws Exception {
        Path keystore = Keystores.create(dir.resolve("ledger.p12"), "first");
        ReloadingSslContext tls = ReloadingSslContext.load(keystore, Keystores.PASSWORD);
        int port = serve(tls);
        Path next = Keystores.create(dir.resolve("next.p12"), "second");
        byte[] complete = Files.readAllBytes(next);

        Files.write(keystore, java.util.Arrays.copyOf(complete, complete.length / 2));
        assertThat(tls.reloadIfChanged()).isFalse();
        assertThat(Keystores.servedSubject(port)).isEqualTo("CN=first");

        Files.write(keystore, complete);
        assertThat(tls.reloadIfChanged()).isTrue();
        assertThat(Keystores.servedSubject(port)).isEqualTo("CN=second");
    }

    @Test
    void namesTheKeystoreWhenItCannotBeOpened() throws Exception {
        Path keystore = Keystores.create(dir.resolve("ledger.p12"), "first");

        assertThatThrownBy(() -> ReloadingSslContext.load(keystore, "wrong"))
                .isInstanceOf(LedgerConfigException.class)
                .hasMessageContaining("LEDGER_TLS_KEYSTORE='" + keystore + "' is not valid")
                .hasMessageContaining("LEDGER_TLS_PASSWORD");
        assertThatThrownBy(() -> ReloadingSslContext.load(dir.resolve("missing.p12"), "changeit"))
                .hasMessageContaining("missing.p12");
    }
}
