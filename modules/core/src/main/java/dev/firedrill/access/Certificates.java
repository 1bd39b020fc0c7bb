package dev.firedrill.access;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Issues self-signed certificates as PKCS12 keystores, the format the reference service reads
 * ({@code LEDGER_TLS_KEYSTORE}), with the JDK's own {@code keytool}. A certificate can be made to
 * expire seconds from now: {@code keytool -startdate} moves the start back so that a one-day validity
 * ends at the requested instant (the certificate-expiry drill, D16).
 *
 * <p>Example: {@code Certificates.Issued cert = Certificates.issue("ledger", Duration.ofSeconds(20), "changeit");}
 */
public final class Certificates {

    /** The alias of the key entry in every keystore issued here. */
    public static final String ALIAS = "service";

    private Certificates() {
    }

    /** A keystore just issued: its bytes and the certificate's validity. */
    public record Issued(byte[] keystore, String subject, Instant notBefore, Instant notAfter) {

        /** Validity left at {@code now} (negative once expired). */
        public Duration remainingAt(Instant now) {
            return Duration.between(now, notAfter);
        }
    }

    /**
     * Issues a keystore for {@code CN=<commonName>} whose certificate stays valid for {@code validFor}
     * from now (whole seconds, at least 1 s, at most 3650 days), protected by {@code password}.
     */
    public static Issued issue(String commonName, Duration validFor, String password) {
        if (commonName == null || !commonName.matches("[A-Za-z0-9][A-Za-z0-9.-]*")) {
            throw new IllegalArgumentException("Certificate common name must be a host-like name ([A-Za-z0-9.-]), got '" + commonName + "'");
        }
        Objects.requireNonNull(validFor, "validFor must not be null");
        if (validFor.toSeconds() < 1 || validFor.compareTo(Duration.ofDays(3650)) > 0) {
            throw new IllegalArgumentException("Certificate validity must be between 1 s and 3650 days, got " + validFor);
        }
        if (password == null || password.length() < 6) {
            throw new IllegalArgumentException("Keystore password must have at least 6 characters (keytool's minimum)");
        }
        long days = Math.max(1, (validFor.toSeconds() + 86_399) / 86_400);
        long back = days * 86_400 - validFor.toSeconds(); // start this far in the past, so that the end is validFor from now
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("firedrill-cert");
            Path made = scratch.resolve("made.p12");
            Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
            List<String> command = new java.util.ArrayList<>(List.of(keytool.toString(),
                    "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC",
                    "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=" + commonName, "-ext", "SAN=dns:" + commonName + ",dns:localhost,ip:127.0.0.1",
                    "-validity", String.valueOf(days),
                    "-storetype", "PKCS12", "-keystore", made.toString(), "-storepass", password, "-keypass", password,
                    "-noprompt"));
            if (back > 0) {
                command.add("-startdate");
                command.add("-" + back + "S");
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool did not finish within 60 s issuing CN=" + commonName);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed (exit " + process.exitValue() + ") issuing CN=" + commonName + ": " + output.strip());
            }
            byte[] bytes = Files.readAllBytes(made);
            X509Certificate certificate = read(bytes, password);
            return new Issued(bytes, certificate.getSubjectX500Principal().getName(),
                    certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant());
        } catch (IOException e) {
            throw new IllegalStateException("Could not run keytool to issue CN=" + commonName + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while issuing CN=" + commonName, e);
        } finally {
            dev.firedrill.FileTrees.deleteQuietly(scratch);
        }
    }

    /** The certificate of the first key entry of a PKCS12 keystore. */
    public static X509Certificate read(byte[] keystore, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(keystore), password.toCharArray());
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("keystore holds no private key with an X.509 certificate");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Not a PKCS12 keystore readable with the given password: " + e.getMessage(), e);
        }
    }
}
