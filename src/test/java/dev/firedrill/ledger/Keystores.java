package dev.firedrill.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import java.net.Socket;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/** Test keystores made by the JDK's own {@code keytool}, and a client that reports the certificate a server presents. */
final class Keystores {

    static final String PASSWORD = "changeit";

    private Keystores() {
    }

    /** Writes a PKCS12 keystore with a self-signed EC certificate for {@code CN=<name>} to {@code target}, atomically. */
    static Path create(Path target, String name) throws IOException, InterruptedException {
        Path scratch = Files.createTempDirectory(target.toAbsolutePath().getParent(), "keytool");
        Path made = scratch.resolve("made.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        // Client-VM flags: keytool's few milliseconds of work are dwarfed by JIT and GC start-up on a busy machine.
        Process process = new ProcessBuilder(List.of(keytool.toString(), "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC",
                "-genkeypair", "-alias", "ledger",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name, "-validity", "1",
                "-storetype", "PKCS12", "-keystore", made.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD,
                "-noprompt"))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed for CN=" + name + ": " + output);
        }
        Files.move(made, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(scratch);
        return target;
    }

    /** The subject of the certificate the server on this port presents to a new connection. */
    static String servedSubject(int port) throws Exception {
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {new TrustingEverything()}, null);
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }

    /** Test clients trust the self-signed certificates they inspect. */
    static SSLContext trustingClient() throws Exception {
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {new TrustingEverything()}, null);
        return client;
    }

    /** Extended, so that the JDK does not add a host name check on top (the test certificates name no host). */
    private static final class TrustingEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
