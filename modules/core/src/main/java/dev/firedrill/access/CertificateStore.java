package dev.firedrill.access;

import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.ServiceCommands;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Installs keystores where a service reads them: written through the service that owns the keystore
 * volume (e.g. {@code certs}), to a temporary name and moved in place, so the service never reads half a file.
 */
public final class CertificateStore {

    /** Keystore path and password of the certificate-expiry stack (drills/stacks/certificate-expiry.yml). */
    public static final String KEYSTORE = "/tls/ledger.p12";
    public static final String PASSWORD = "changeit";

    private CertificateStore() {
    }

    /** Issues a certificate for {@code commonName} valid for {@code validFor} and installs it through {@code store}. */
    public static Certificates.Issued issueAndInstall(SystemUnderTest stack, String store, String commonName, Duration validFor) {
        Certificates.Issued issued = Certificates.issue(commonName, validFor, PASSWORD);
        String b64 = Base64.getEncoder().encodeToString(issued.keystore());
        var result = stack.require(ServiceCommands.class, "install a keystore").exec(store, "bash", "-c", "echo '" + b64 + "' | base64 -d > " + KEYSTORE + ".new && chmod 644 " + KEYSTORE
                + ".new && mv -f " + KEYSTORE + ".new " + KEYSTORE);
        if (result.exitCode() != 0) {
            throw new IllegalStateException("Could not install the keystore through '" + store + "' at " + KEYSTORE + " (exit "
                    + result.exitCode() + "): " + result.stderr().strip());
        }
        return issued;
    }

    /** Waits until {@code service} serves a certificate ending at {@code notAfter} on {@code port}; returns whether it did. */
    public static boolean awaitServed(SystemUnderTest stack, String service, int port, Instant notAfter, Duration bound) {
        try {
            await("certificate until " + notAfter + " served by " + service + ":" + port).atMost(bound)
                    .pollInterval(Duration.ofMillis(100)).pollInSameThread()
                    .ignoreExceptions()   // not answering yet, or still handshaking with the old keystore
                    .until(() -> notAfter.equals(servedNotAfter(stack, service, port)));
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    /** The end of validity of the certificate a new connection to {@code service:port} is served. */
    public static Instant servedNotAfter(SystemUnderTest stack, String service, int port) throws Exception {
        var endpoint = stack.endpoint(service, port);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        java.security.cert.X509Certificate[][] seen = new java.security.cert.X509Certificate[1][];
        context.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {
                seen[0] = c;
            }

            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        try (var socket = (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket(endpoint.host(), endpoint.port())) {
            socket.setSoTimeout(2000);
            socket.startHandshake();
        }
        return seen[0][0].getNotAfter().toInstant();
    }
}
