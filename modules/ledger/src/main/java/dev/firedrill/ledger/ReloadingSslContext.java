package dev.firedrill.ledger;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyManagementException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * A TLS context that follows a PKCS12 keystore file: after {@link #reloadIfChanged()} sees new
 * content, new connections get the new certificate while the server keeps running.
 *
 * <p>The JDK's HttpsServer keeps the SSLContext it was configured with, so this hands it one stable
 * context whose engines come from the newest loaded keystore. Each reload builds a whole new context,
 * so sessions (and TLS 1.3 tickets) of the old certificate cannot be resumed on the new one.
 */
final class ReloadingSslContext {

    private static final System.Logger LOG = System.getLogger("dev.firedrill.ledger.tls");

    private record Loaded(SSLContext context, byte[] digest, X509Certificate certificate) {
    }

    private final Path keystore;
    private final char[] password;
    private final AtomicReference<Loaded> current = new AtomicReference<>();
    private final SSLContext facade;
    private volatile byte[] lastRejectedDigest;

    private ReloadingSslContext(Path keystore, char[] password) throws IOException, GeneralSecurityException {
        this.keystore = keystore;
        this.password = password;
        byte[] content = Files.readAllBytes(keystore);
        current.set(load(content, digest(content)));
        SSLContext first = current.get().context();
        this.facade = new SSLContext(new FollowingSpi(), first.getProvider(), first.getProtocol()) {
        };
    }

    /** Loads the keystore now; fails with a message naming the file when it cannot be read or holds no key. */
    static ReloadingSslContext load(Path keystore, String password) {
        try {
            return new ReloadingSslContext(keystore, password.toCharArray());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new LedgerConfigException("LEDGER_TLS_KEYSTORE", keystore.toString(),
                    "a readable PKCS12 keystore (as keytool writes it) holding one private key and its certificate, "
                            + "opened with LEDGER_TLS_PASSWORD (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    /** The context to configure the server with, once; it always serves the newest certificate. */
    SSLContext sslContext() {
        return facade;
    }

    /** The certificate new connections are served. */
    X509Certificate certificate() {
        return current.get().certificate();
    }

    /**
     * Reads the file and switches to it when its content changed and loads as a keystore; a file
     * caught half-written is kept out and retried at the next call.
     *
     * @return true when a new certificate is now served
     */
    boolean reloadIfChanged() {
        byte[] content;
        try {
            content = Files.readAllBytes(keystore);
        } catch (IOException e) {
            warnOnce(new byte[0], "TLS keystore " + keystore + " cannot be read (" + e + "); still serving the certificate loaded before");
            return false;
        }
        byte[] digest = digest(content);
        if (Arrays.equals(digest, current.get().digest())) {
            return false;
        }
        try {
            Loaded loaded = load(content, digest);
            current.set(loaded);
            lastRejectedDigest = null;
            LOG.log(System.Logger.Level.INFO, "TLS keystore " + keystore + " reloaded: now serving "
                    + loaded.certificate().getSubjectX500Principal() + " valid until " + loaded.certificate().getNotAfter().toInstant());
            return true;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            warnOnce(digest, "TLS keystore " + keystore + " changed but cannot be loaded (" + e
                    + "); still serving the certificate loaded before");
            return false;
        }
    }

    private void warnOnce(byte[] digest, String message) {
        if (!Arrays.equals(digest, lastRejectedDigest)) {
            lastRejectedDigest = digest;
            LOG.log(System.Logger.Level.WARNING, message);
        }
    }

    private Loaded load(byte[] content, byte[] digest) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(content), password);
        X509Certificate certificate = null;
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                Certificate found = store.getCertificate(alias);
                if (found instanceof X509Certificate x509) {
                    certificate = x509;
                    break;
                }
            }
        }
        if (certificate == null) {
            throw new KeyManagementException("keystore holds no private key with an X.509 certificate");
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return new Loaded(context, digest, certificate);
    }

    private static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** Hands every request to the newest loaded context. */
    private final class FollowingSpi extends SSLContextSpi {

        private SSLContext now() {
            return current.get().context();
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
            throw new UnsupportedOperationException("the reloading TLS context is initialised from its keystore file");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return now().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return now().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return now().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return now().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return now().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return now().getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return now().getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return now().getSupportedSSLParameters();
        }
    }
}
