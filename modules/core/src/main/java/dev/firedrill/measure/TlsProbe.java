package dev.firedrill.measure;

import dev.firedrill.Observation;
import dev.firedrill.Probe;
import dev.firedrill.ProbePath;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A TLS probe: every {@code interval} a new connection, a full handshake and {@code GET /health} over it.
 * An observation succeeds when the handshake accepts the served certificate (within its validity: the
 * check every client makes; identity is not checked, drill certificates are self-signed) and the
 * service answers 200. Its detail reports the certificate's remaining validity, or the TLS failure
 * (e.g. "certificate expired"), so both are on the timeline and in the evidence.
 *
 * <p>Example: {@code .probe(TlsProbe.of("ledger", 8443))}
 */
public final class TlsProbe implements Probe {

    /** The path its observations are recorded under. */
    public static final String PATH = "tls";

    private final String host;
    private final int port;
    private final Duration interval;
    private final Duration timeout;

    TlsProbe(String host, int port, Duration interval, Duration timeout) {
        this.host = host;
        this.port = port;
        this.interval = interval;
        this.timeout = timeout;
    }

    /** The TLS path of {@code service:port}, found in the system when the drill starts; every 200 ms, 2 s timeout. */
    public static Function<SystemUnderTest, Probe> of(String service, int port) {
        return new Of(service, port);
    }

    /** The TLS probe of a named service, as a value (two drills probing the same service are equal). */
    public record Of(String service, int port) implements Function<SystemUnderTest, Probe>, ProbePath {
        @Override
        public String path() {
            return PATH;
        }

        @Override
        public Probe apply(SystemUnderTest system) {
            var endpoint = system.endpoint(service, port);
            return new TlsProbe(endpoint.host(), endpoint.port(), Duration.ofMillis(200), Duration.ofSeconds(2));
        }

        @Override
        public String toString() {
            return "tls(" + service + ":" + port + ")";
        }
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public Running start(Timeline timeline) {
        return ScheduledProbeRun.start(PATH, interval, timeout, timeline, n -> observe(timeline));
    }

    /** One connection, handshake and health check; package-private for tests. */
    Observation observe(Timeline timeline) {
        TimePoint start = timeline.clock().now();
        ValidityCheck check = new ValidityCheck();
        boolean success;
        String detail;
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {check}, null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
                socket.connect(new java.net.InetSocketAddress(host, port), (int) timeout.toMillis());
                socket.setSoTimeout((int) timeout.toMillis());
                socket.startHandshake();
                socket.getOutputStream().write("GET /health HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                success = status.endsWith(" 200");
                detail = describe(check.served, Instant.now()) + (success ? "" : "; health answered '" + status + "'");
            }
        } catch (Exception e) {
            success = false;
            detail = "TLS failure: " + rootMessage(e) + (check.served == null ? "" : " (" + describe(check.served, Instant.now()) + ")");
        }
        return new Observation(PATH, start, timeline.clock().now().since(start), success, detail);
    }

    static String describe(X509Certificate cert, Instant now) {
        if (cert == null) {
            return "no certificate seen";
        }
        long remaining = Duration.between(now, cert.getNotAfter().toInstant()).toMillis();
        return cert.getSubjectX500Principal().getName() + (remaining >= 0 ? " valid for " + remaining + " ms more"
                : " expired " + -remaining + " ms ago") + " (until " + cert.getNotAfter().toInstant() + ")";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** Accepts a server certificate only within its validity, as any client does; remembers what it saw. */
    private static final class ValidityCheck extends X509ExtendedTrustManager {
        volatile X509Certificate served;

        private void check(X509Certificate[] chain) throws CertificateException {
            served = chain[0];
            for (X509Certificate c : chain) {
                c.checkValidity();
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a probe is no server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a probe is no server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a probe is no server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
