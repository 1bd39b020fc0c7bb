package dev.firedrill.ledger;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the ledger service needs to start, read from {@code LEDGER_*} environment variables
 * or built directly in tests.
 *
 * <p>Example: {@code LedgerConfig.of("jdbc:postgresql://127.0.0.1:5432/ledger", "ledger", "secret")
 * .withRedisUrl("redis://127.0.0.1:6379").withPorts(0, 0)}.
 *
 * @param dbUrl JDBC URL of PostgreSQL; several hosts are allowed, as pgjdbc understands them
 * @param dbUser database user, or null to take it from the URL
 * @param dbPassword database password, or null to take it from the URL
 * @param poolSize maximum (and minimum idle) number of pooled database connections
 * @param dbTimeout bound for acquiring a connection, connecting, and every query
 * @param redisUrl {@code redis://host:port[/db]} of the cache, or null to run without a cache
 * @param release the release name {@code /version} shows
 * @param failRate share of {@code /entries} requests answered 500 on purpose (0.0 to 1.0)
 * @param tlsKeystore PKCS12 keystore served on the HTTPS port, or null for no HTTPS
 * @param tlsPassword password of the keystore and its key, or null when there is no keystore
 * @param httpPort HTTP port, 0 for an ephemeral one
 * @param httpsPort HTTPS port, 0 for an ephemeral one; ignored without a keystore
 * @param drainTimeout how long shutdown waits for in-flight requests
 * @param cacheTtl how long an entry stays in the cache after it was cached (by a write, or by a read that
 *        missed), or null for entries that never expire
 * @param version the release this process runs ({@code LEDGER_VERSION}, baked into each image)
 * @param maintenanceMode the mode at start ({@code LEDGER_MAINTENANCE_MODE}); {@code POST /admin/maintenance} changes it
 * @param maintenanceFile where the mode is kept across restarts ({@code LEDGER_MAINTENANCE_FILE}), or null: the mode
 *        switched at runtime lasts as long as the process. When the file exists at start, its mode wins over
 *        {@code maintenanceMode}; every switch rewrites it.
 * @param receiptsDir where a receipt file is written for every new entry ({@code LEDGER_RECEIPTS_DIR}), or null: no
 *        receipts. The service's application data, on a volume a whole-system backup archives with tar.
 */
public record LedgerConfig(
        String dbUrl,
        String dbUser,
        String dbPassword,
        int poolSize,
        Duration dbTimeout,
        String redisUrl,
        String release,
        double failRate,
        Path tlsKeystore,
        String tlsPassword,
        int httpPort,
        int httpsPort,
        Duration drainTimeout,
        Duration cacheTtl,
        Release version,
        MaintenanceMode maintenanceMode,
        Path maintenanceFile,
        Path receiptsDir) {

    static final int DEFAULT_POOL_SIZE = 10;
    static final Duration DEFAULT_DB_TIMEOUT = Duration.ofMillis(2000);
    static final String DEFAULT_RELEASE = "unnamed";
    /** Below Docker's default 10 s between SIGTERM and SIGKILL, leaving time to close the pool. */
    static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(8);
    static final int MAX_POOL_SIZE = 1000;
    /** HikariCP refuses connection timeouts below 250 ms. */
    static final long MIN_DB_TIMEOUT_MS = 250;
    static final long MAX_DB_TIMEOUT_MS = 600_000;
    /** Redis takes expiries in whole milliseconds; the largest an {@code int} holds is about 24.8 days. */
    static final long MAX_CACHE_TTL_MS = Integer.MAX_VALUE;

    public LedgerConfig {
        if (dbUrl == null || !dbUrl.startsWith("jdbc:postgresql:")) {
            throw new LedgerConfigException("dbUrl", dbUrl, "a PostgreSQL JDBC URL starting with 'jdbc:postgresql:'");
        }
        if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
            throw new LedgerConfigException("poolSize", String.valueOf(poolSize), "a whole number from 1 to " + MAX_POOL_SIZE);
        }
        Objects.requireNonNull(dbTimeout, "dbTimeout");
        if (dbTimeout.toMillis() < MIN_DB_TIMEOUT_MS || dbTimeout.toMillis() > MAX_DB_TIMEOUT_MS) {
            throw new LedgerConfigException("dbTimeout", dbTimeout.toString(),
                    "from " + MIN_DB_TIMEOUT_MS + " to " + MAX_DB_TIMEOUT_MS + " milliseconds");
        }
        if (redisUrl != null) {
            checkRedisUrl("redisUrl", redisUrl);
        }
        Objects.requireNonNull(release, "release");
        if (!(failRate >= 0.0 && failRate <= 1.0)) {
            throw new LedgerConfigException("failRate", String.valueOf(failRate), "a number from 0.0 to 1.0");
        }
        if ((tlsKeystore == null) != (tlsPassword == null)) {
            throw new LedgerConfigException("tlsPassword", tlsPassword == null ? null : "(hidden)",
                    "given together with tlsKeystore, or both absent");
        }
        checkPort("httpPort", httpPort);
        checkPort("httpsPort", httpsPort);
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (drainTimeout.isNegative()) {
            throw new LedgerConfigException("drainTimeout", drainTimeout.toString(), "zero or positive");
        }
        if (cacheTtl != null && (cacheTtl.isNegative() || cacheTtl.compareTo(Duration.ofMillis(MAX_CACHE_TTL_MS)) > 0
                || cacheTtl.toMillis() < 1 || cacheTtl.getNano() % 1_000_000 != 0)) {
            throw new LedgerConfigException("cacheTtl", cacheTtl.toString(),
                    "whole milliseconds from 1 to " + MAX_CACHE_TTL_MS + ", or null for entries that never expire");
        }
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(maintenanceMode, "maintenanceMode");
        if (receiptsDir != null && !receiptsDir.isAbsolute()) {
            throw new LedgerConfigException("receiptsDir", receiptsDir.toString(), "an absolute path of a directory, or null for no receipts");
        }
    }

    /** A configuration without receipts (the components before {@code receiptsDir} existed). */
    public LedgerConfig(String dbUrl, String dbUser, String dbPassword, int poolSize, Duration dbTimeout, String redisUrl,
            String release, double failRate, Path tlsKeystore, String tlsPassword, int httpPort, int httpsPort,
            Duration drainTimeout, Duration cacheTtl, Release version, MaintenanceMode maintenanceMode, Path maintenanceFile) {
        this(dbUrl, dbUser, dbPassword, poolSize, dbTimeout, redisUrl, release, failRate, tlsKeystore, tlsPassword,
                httpPort, httpsPort, drainTimeout, cacheTtl, version, maintenanceMode, maintenanceFile, null);
    }

    /** A configuration whose cached entries never expire (the components before {@code cacheTtl} existed). */
    public LedgerConfig(String dbUrl, String dbUser, String dbPassword, int poolSize, Duration dbTimeout, String redisUrl,
            String release, double failRate, Path tlsKeystore, String tlsPassword, int httpPort, int httpsPort,
            Duration drainTimeout) {
        this(dbUrl, dbUser, dbPassword, poolSize, dbTimeout, redisUrl, release, failRate, tlsKeystore, tlsPassword,
                httpPort, httpsPort, drainTimeout, null, Release.DEFAULT, MaintenanceMode.OFF, null);
    }

    /**
     * A configuration with the documented defaults (docs/reference-service.md): pool 10, timeout 2 s, no cache,
     * no TLS, ports 8080/8443, drain 8 s, version 1.0.0, maintenance mode off.
     */
    public static LedgerConfig of(String dbUrl, String dbUser, String dbPassword) {
        return new LedgerConfig(dbUrl, dbUser, dbPassword, DEFAULT_POOL_SIZE, DEFAULT_DB_TIMEOUT, null,
                DEFAULT_RELEASE, 0.0, null, null, 8080, 8443, DEFAULT_DRAIN_TIMEOUT);
    }

    /**
     * Reads the {@code LEDGER_*} variables; a bad value fails with a message naming the variable, the
     * value and what is valid.
     */
    public static LedgerConfig fromEnvironment(Map<String, String> env) {
        String dbUrl = present(env, "LEDGER_DB_URL");
        if (dbUrl == null) {
            throw new LedgerConfigException("LEDGER_DB_URL", null,
                    "a PostgreSQL JDBC URL such as jdbc:postgresql://postgres:5432/ledger (several hosts allowed)");
        }
        if (!dbUrl.startsWith("jdbc:postgresql:")) {
            throw new LedgerConfigException("LEDGER_DB_URL", dbUrl, "a PostgreSQL JDBC URL starting with 'jdbc:postgresql:'");
        }
        int poolSize = wholeNumber(env, "LEDGER_POOL_SIZE", DEFAULT_POOL_SIZE, 1, MAX_POOL_SIZE);
        long timeoutMs = wholeNumber(env, "LEDGER_DB_TIMEOUT_MS", (int) DEFAULT_DB_TIMEOUT.toMillis(),
                (int) MIN_DB_TIMEOUT_MS, (int) MAX_DB_TIMEOUT_MS);
        String redisUrl = present(env, "LEDGER_REDIS_URL");
        if (redisUrl != null) {
            checkRedisUrl("LEDGER_REDIS_URL", redisUrl);
        }
        String release = present(env, "LEDGER_RELEASE");
        double failRate = fraction(env, "LEDGER_FAIL_RATE");
        String keystore = present(env, "LEDGER_TLS_KEYSTORE");
        String password = env.get("LEDGER_TLS_PASSWORD");
        if (keystore != null && password == null) {
            throw new LedgerConfigException("LEDGER_TLS_PASSWORD", null,
                    "the password of the PKCS12 keystore named by LEDGER_TLS_KEYSTORE (required when LEDGER_TLS_KEYSTORE is set)");
        }
        if (keystore == null && password != null) {
            throw new LedgerConfigException("LEDGER_TLS_KEYSTORE", null,
                    "the path of a PKCS12 keystore (required when LEDGER_TLS_PASSWORD is set)");
        }
        Duration cacheTtl = cacheTtl(env, "LEDGER_CACHE_TTL_MS");
        String version = present(env, "LEDGER_VERSION");
        String mode = present(env, "LEDGER_MAINTENANCE_MODE");
        String maintenanceFile = present(env, "LEDGER_MAINTENANCE_FILE");
        if (maintenanceFile != null && !Path.of(maintenanceFile).isAbsolute()) {
            throw new LedgerConfigException("LEDGER_MAINTENANCE_FILE", maintenanceFile,
                    "an absolute path of a file the service may write, on a volume that outlives the container, e.g. /var/lib/ledger/maintenance-mode");
        }
        String receiptsDir = present(env, "LEDGER_RECEIPTS_DIR");
        if (receiptsDir != null && !Path.of(receiptsDir).isAbsolute()) {
            throw new LedgerConfigException("LEDGER_RECEIPTS_DIR", receiptsDir,
                    "an absolute path of a directory the service may write, on a volume that outlives the container, e.g. /var/lib/ledger/receipts");
        }
        return new LedgerConfig(dbUrl, present(env, "LEDGER_DB_USER"), env.get("LEDGER_DB_PASSWORD"), poolSize,
                Duration.ofMillis(timeoutMs), redisUrl, release == null ? DEFAULT_RELEASE : release, failRate,
                keystore == null ? null : Path.of(keystore), keystore == null ? null : password,
                8080, 8443, DEFAULT_DRAIN_TIMEOUT, cacheTtl,
                version == null ? Release.DEFAULT : Release.of(version, "LEDGER_VERSION"),
                mode == null ? MaintenanceMode.OFF : MaintenanceMode.of(mode, "LEDGER_MAINTENANCE_MODE"),
                maintenanceFile == null ? null : Path.of(maintenanceFile),
                receiptsDir == null ? null : Path.of(receiptsDir));
    }

    /** This configuration with another pool size. */
    public LedgerConfig withPoolSize(int size) {
        return new LedgerConfig(dbUrl, dbUser, dbPassword, size, dbTimeout, redisUrl, release, failRate,
                tlsKeystore, tlsPassword, httpPort, httpsPort, drainTimeout, cacheTtl, version, maintenanceMode, maintenanceFile, receiptsDir);
    }

    /** This configuration with another database timeout. */
    public LedgerConfig withDbTimeout(Duration timeout) {
        return new LedgerConfig(dbUrl, dbUser, dbPassword, poolSize, timeout, redisUrl, release, failRate,
                tlsKeystore, tlsPassword, httpPort, httpsPort, drainTimeout, cacheTtl, version, maintenanceMode, maintenanceFile, receiptsDir);
    }

    /** This configuration with a cache at {@code redis://host:port}. */
    public LedgerConfig withRedisUrl(String url) {
        return new LedgerConfig(dbUrl, dbUser, dbPassword, poolSize, dbTimeout, url, release, failRate,
                tlsKeystore, tlsPassword, httpPort, httpsPort, drainTimeout, cacheTtl, version, maintenanceMode, maintenanceFile, receiptsDir);
    }

    /** This configuration with another release name. */
    public LedgerConfig withRelease(String name) {
        return new LedgerConfig(dbUrl, dbUser, dbPassword, poolSize, dbTimeout, redisUrl, name, failRate,
                tlsKeystore, tlsPassword, httpPort, httpsPort, drainTimeout, cacheTtl, version, maintenanceMode, maintenanceFile, receiptsDir);
    }

    /** This configuration answering the given share of {@code /entries} requests with 500. */
    public LedgerConfig withFailRate(double rate) {
        return new LedgerConfig(dbUrl, dbUser, dbPassword, poolSize, dbTimeout, redisUrl, release, rate,
                tlsKeystore, tlsPassword, httpPort, httpsPort, drainTimeout, cacheTtl, version, maintenanceMode, maintenanceFile, receiptsDir);
    }

    /** This configuration serving HTTPS from a PKCS12 keystore. */
    public LedgerConfig withTls(Path keystore, String password) {
        return new LedgerConfig(dbUrl, dbUser, dbPassword, poolSize, dbTimeout, redisUrl, release, failRate,
                keystore, password, httpPort, httpsPort, drainTimeout, cacheTtl, version, maintenanceMode, maintenanceFile, receiptsDir);
    }

    /** This configuration on other ports (0 = ephemeral). */
    public LedgerConfig withPorts(int http, int https) {
        return new LedgerConfig(dbUrl, dbUser, dbPassword, poolSize, dbTimeout, redisUrl, release, failRate,
                tlsKeystore, tlsPassword, http, https, drainTimeout, cacheTtl, version, maintenanceMode, maintenanceFile, receiptsDir);
    }

    /** This configuration with another bound on draining in-flight requests at shutdown. */
    public LedgerConfig withDrainTimeout(Duration timeout) {
        return new LedgerConfig(dbUrl, dbUser, dbPassword, poolSize, dbTimeout, redisUrl, release, failRate,
                tlsKeystore, tlsPassword, httpPort, httpsPort, timeout, cacheTtl, version, maintenanceMode, maintenanceFile, receiptsDir);
    }

    /** This configuration with cached entries expiring {@code ttl} after they were cached (null: never). */
    public LedgerConfig withCacheTtl(Duration ttl) {
        return new LedgerConfig(dbUrl, dbUser, dbPassword, poolSize, dbTimeout, redisUrl, release, failRate,
                tlsKeystore, tlsPassword, httpPort, httpsPort, drainTimeout, ttl, version, maintenanceMode, maintenanceFile, receiptsDir);
    }

    /** This configuration running another release. */
    public LedgerConfig withVersion(Release other) {
        return new LedgerConfig(dbUrl, dbUser, dbPassword, poolSize, dbTimeout, redisUrl, release, failRate,
                tlsKeystore, tlsPassword, httpPort, httpsPort, drainTimeout, cacheTtl, other, maintenanceMode, maintenanceFile, receiptsDir);
    }

    /** This configuration starting in another maintenance mode. */
    public LedgerConfig withMaintenanceMode(MaintenanceMode mode) {
        return new LedgerConfig(dbUrl, dbUser, dbPassword, poolSize, dbTimeout, redisUrl, release, failRate,
                tlsKeystore, tlsPassword, httpPort, httpsPort, drainTimeout, cacheTtl, version, mode, maintenanceFile, receiptsDir);
    }

    /** This configuration keeping its maintenance mode in {@code file} across restarts (null: in the process only). */
    public LedgerConfig withMaintenanceFile(Path file) {
        return new LedgerConfig(dbUrl, dbUser, dbPassword, poolSize, dbTimeout, redisUrl, release, failRate,
                tlsKeystore, tlsPassword, httpPort, httpsPort, drainTimeout, cacheTtl, version, maintenanceMode, file, receiptsDir);
    }

    /** This configuration writing a receipt for every new entry into {@code dir} (null: no receipts). */
    public LedgerConfig withReceiptsDir(Path dir) {
        return new LedgerConfig(dbUrl, dbUser, dbPassword, poolSize, dbTimeout, redisUrl, release, failRate,
                tlsKeystore, tlsPassword, httpPort, httpsPort, drainTimeout, cacheTtl, version, maintenanceMode, maintenanceFile, dir);
    }

    @Override
    public String toString() {
        return "LedgerConfig[dbUrl=" + dbUrl + ", dbUser=" + dbUser + ", poolSize=" + poolSize
                + ", dbTimeout=" + dbTimeout.toMillis() + "ms, redisUrl=" + redisUrl + ", release=" + release
                + ", failRate=" + failRate + ", tlsKeystore=" + tlsKeystore + ", httpPort=" + httpPort
                + ", httpsPort=" + httpsPort + ", drainTimeout=" + drainTimeout
                + ", cacheTtl=" + (cacheTtl == null ? "never" : cacheTtl.toMillis() + "ms") + ", version=" + version
                + ", maintenanceMode=" + maintenanceMode + ", maintenanceFile=" + maintenanceFile + ", receiptsDir=" + receiptsDir + "]";
    }

    private static String present(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int wholeNumber(Map<String, String> env, String name, int fallback, int min, int max) {
        String value = present(env, name);
        if (value == null) {
            return fallback;
        }
        String valid = "a whole number from " + min + " to " + max + " (default " + fallback + ")";
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new LedgerConfigException(name, value, valid);
        }
        if (parsed < min || parsed > max) {
            throw new LedgerConfigException(name, value, valid);
        }
        return parsed;
    }

    private static double fraction(Map<String, String> env, String name) {
        String value = present(env, name);
        if (value == null) {
            return 0.0;
        }
        String valid = "a number from 0.0 to 1.0, the share of /entries requests answered 500 (default 0.0)";
        double parsed;
        try {
            parsed = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new LedgerConfigException(name, value, valid);
        }
        if (!(parsed >= 0.0 && parsed <= 1.0)) {
            throw new LedgerConfigException(name, value, valid);
        }
        return parsed;
    }

    /** A TTL in milliseconds from {@code name}, or null (entries never expire) when it is not set. */
    private static Duration cacheTtl(Map<String, String> env, String name) {
        String value = present(env, name);
        if (value == null) {
            return null;
        }
        String valid = "a whole number of milliseconds from 1 to " + MAX_CACHE_TTL_MS
                + ", how long an entry stays cached (unset: cached entries never expire)";
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new LedgerConfigException(name, value, valid);
        }
        if (parsed < 1 || parsed > MAX_CACHE_TTL_MS) {
            throw new LedgerConfigException(name, value, valid);
        }
        return Duration.ofMillis(parsed);
    }

    private static void checkRedisUrl(String name, String value) {
        String valid = "a Redis URL such as redis://redis:6379 or redis://redis:6379/0";
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new LedgerConfigException(name, value, valid);
        }
        if (!("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new LedgerConfigException(name, value, valid);
        }
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new LedgerConfigException(name, String.valueOf(port), "a port from 0 (ephemeral) to 65535");
        }
    }
}
