package dev.firedrill.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ed25519 keys for signing evidence bundles, from the JDK alone: private keys as PKCS#8 PEM
 * ({@code -----BEGIN PRIVATE KEY-----}), public keys as X.509 PEM ({@code -----BEGIN PUBLIC KEY-----}).
 * A public key's fingerprint is {@code SHA256:} and the hex SHA-256 of its DER encoding.
 *
 * <p>Example: {@code SigningKeys.configured(System.getenv(), System.getProperties()).map(SigningKeys::sign)}.
 */
public final class SigningKeys {

    /** System property naming the private key's PEM file. */
    public static final String KEY_PROPERTY = "firedrill.signing.key";
    /** Environment variable holding the private key's PEM file path, or the PEM itself. */
    public static final String KEY_VARIABLE = "FIREDRILL_SIGNING_KEY";
    /** The only algorithm used. */
    public static final String ALGORITHM = "Ed25519";

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private SigningKeys() {
    }

    /**
     * The private key configured by {@code -Dfiredrill.signing.key=<pem file>}, else by the environment
     * variable {@code FIREDRILL_SIGNING_KEY} (a PEM file path, or the PEM text itself); empty when neither
     * is set. A key that is set but unreadable is an error naming where it came from.
     */
    public static Optional<PrivateKey> configured(Map<String, String> environment, java.util.Properties properties) {
        String path = properties.getProperty(KEY_PROPERTY);
        if (path != null && !path.isBlank()) {
            return Optional.of(readPrivate(Path.of(path.strip()), "-D" + KEY_PROPERTY));
        }
        String value = environment.get(KEY_VARIABLE);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (value.strip().startsWith("-----BEGIN")) {
            return Optional.of(privateFromPem(value, "environment variable " + KEY_VARIABLE));
        }
        return Optional.of(readPrivate(Path.of(value.strip()), "environment variable " + KEY_VARIABLE));
    }

    public static PrivateKey readPrivate(Path file, String source) {
        return privateFromPem(read(file, source), source + " (" + file + ")");
    }

    public static PublicKey readPublic(Path file) {
        String pem = read(file, "public key");
        byte[] der = der(pem, "PUBLIC KEY", "public key file " + file);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Public key file " + file + " holds no Ed25519 public key (X.509 PEM): " + e.getMessage(), e);
        }
    }

    static PrivateKey privateFromPem(String pem, String source) {
        byte[] der = der(pem, "PRIVATE KEY", source);
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("The signing key from " + source + " is no Ed25519 private key in PKCS#8 PEM "
                    + "(-----BEGIN PRIVATE KEY-----); create one with './drill keygen': " + e.getMessage(), e);
        }
    }

    /**
     * The public key of an Ed25519 private key. The JDK has no call for it, but its key generator turns
     * 32 random bytes into the private key: fed the private key's own bytes it yields the matching pair.
     * Checked by a signature before it is returned.
     */
    public static PublicKey publicOf(PrivateKey key) {
        if (!(key instanceof java.security.interfaces.EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
            throw new IllegalArgumentException("Not an Ed25519 private key with its bytes: " + key.getAlgorithm());
        }
        byte[] seed = ed.getBytes().get();
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM);
            g.initialize(255, new java.security.SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
                }
            });
            PublicKey candidate = g.generateKeyPair().getPublic();
            byte[] probe = "firedrill public key check".getBytes(StandardCharsets.US_ASCII);
            if (!verify(candidate, probe, sign(key, probe))) {
                throw new IllegalStateException("Could not derive the public key of the Ed25519 signing key on this JDK");
            }
            return candidate;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK has no Ed25519 key generator: " + e.getMessage(), e);
        }
    }

    /** A new Ed25519 key pair. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK has no Ed25519 key generator: " + e.getMessage(), e);
        }
    }

    public static String privatePem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    public static String publicPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    /** {@code SHA256:<hex of the SHA-256 of the key's X.509 DER>}. */
    public static String fingerprint(PublicKey key) {
        return "SHA256:" + sha256Hex(key.getEncoded());
    }

    /** The base64 Ed25519 signature of {@code data}. */
    public static String sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(data);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign with the Ed25519 key: " + e.getMessage(), e);
        }
    }

    /** Whether {@code base64Signature} is a valid signature of {@code data} by {@code key}; malformed signatures are not. */
    public static boolean verify(PublicKey key, byte[] data, String base64Signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(data);
            return s.verify(Base64.getDecoder().decode(base64Signature.strip()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JDK has no SHA-256", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem, String type, String source) {
        Matcher m = PEM.matcher(pem);
        if (!m.find() || !m.group(1).equals(type)) {
            throw new IllegalArgumentException("The " + source + " holds no PEM block '-----BEGIN " + type + "-----'"
                    + (m.find(0) ? " (found '" + m.group(1) + "')" : ""));
        }
        try {
            return Base64.getMimeDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The " + source + " holds a PEM block that is not valid base64: " + e.getMessage(), e);
        }
    }

    private static String read(Path file, String source) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the key file " + file + " given by " + source + ": " + e, e);
        }
    }
}
