package dev.firedrill.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerConfigTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("LEDGER_DB_URL", "jdbc:postgresql://postgres:5432/ledger");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void appliesTheContractDefaults() {
        LedgerConfig config = LedgerConfig.fromEnvironment(env("LEDGER_DB_USER", "ledger", "LEDGER_DB_PASSWORD", "pw"));

        assertThat(config.poolSize()).isEqualTo(10);
        assertThat(config.dbTimeout()).isEqualTo(Duration.ofMillis(2000));
        assertThat(config.redisUrl()).isNull();
        assertThat(config.failRate()).isZero();
        assertThat(config.tlsKeystore()).isNull();
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.httpsPort()).isEqualTo(8443);
        assertThat(config.dbUser()).isEqualTo("ledger");
        assertThat(config.cacheTtl()).as("cached entries never expire unless LEDGER_CACHE_TTL_MS is set").isNull();
        assertThat(config.toString()).doesNotContain("pw").contains("cacheTtl=never");
        assertThat(config.version()).as("an image without LEDGER_VERSION runs 1.0.0").isEqualTo(Release.V1_0_0);
        assertThat(config.maintenanceMode()).isEqualTo(MaintenanceMode.OFF);
    }

    @Test
    void readsEveryVariable() {
        LedgerConfig config = LedgerConfig.fromEnvironment(env(
                "LEDGER_DB_URL", "jdbc:postgresql://pg1:5432,pg2:5432/ledger?targetServerType=primary",
                "LEDGER_POOL_SIZE", "3", "LEDGER_DB_TIMEOUT_MS", "750", "LEDGER_REDIS_URL", "redis://redis:6379",
                "LEDGER_RELEASE", "B", "LEDGER_FAIL_RATE", "0.3",
                "LEDGER_TLS_KEYSTORE", "/certs/ledger.p12", "LEDGER_TLS_PASSWORD", "changeit",
                "LEDGER_CACHE_TTL_MS", "4000", "LEDGER_VERSION", "2.0.0", "LEDGER_MAINTENANCE_MODE", "readonly"));

        assertThat(config.poolSize()).isEqualTo(3);
        assertThat(config.dbTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(config.redisUrl()).isEqualTo("redis://redis:6379");
        assertThat(config.release()).isEqualTo("B");
        assertThat(config.failRate()).isEqualTo(0.3);
        assertThat(config.tlsKeystore()).isEqualTo(Path.of("/certs/ledger.p12"));
        assertThat(config.cacheTtl()).isEqualTo(Duration.ofMillis(4000));
        assertThat(config.toString()).contains("cacheTtl=4000ms");
        assertThat(config.version()).isEqualTo(Release.V2_0_0);
        assertThat(config.maintenanceMode()).isEqualTo(MaintenanceMode.READONLY);
    }

    @Test
    void anUnknownVersionOrModeStopsTheStartNamingTheValidOnes() {
        assertThatThrownBy(() -> LedgerConfig.fromEnvironment(env("LEDGER_VERSION", "1.1.0")))
                .isInstanceOf(LedgerConfigException.class)
                .hasMessage("LEDGER_VERSION='1.1.0' is not valid: expected one of the versions [1.0.0, 1.0.1, 2.0.0] (default 1.0.0)");
        assertThatThrownBy(() -> LedgerConfig.fromEnvironment(env("LEDGER_MAINTENANCE_MODE", "read-only")))
                .isInstanceOf(LedgerConfigException.class)
                .hasMessage("LEDGER_MAINTENANCE_MODE='read-only' is not valid: expected one of [off, readonly, maintenance] (default off)");
        assertThat(LedgerConfig.fromEnvironment(env("LEDGER_MAINTENANCE_MODE", "maintenance")).maintenanceMode())
                .isEqualTo(MaintenanceMode.MAINTENANCE);
    }

    @Test
    void namesTheVariableTheValueAndTheValidRangeOfABadCacheTtl() {
        String valid = "expected a whole number of milliseconds from 1 to 2147483647, how long an entry stays cached "
                + "(unset: cached entries never expire)";
        assertThatThrownBy(() -> LedgerConfig.fromEnvironment(env("LEDGER_CACHE_TTL_MS", "4s")))
                .isInstanceOf(LedgerConfigException.class)
                .hasMessage("LEDGER_CACHE_TTL_MS='4s' is not valid: " + valid);
        assertThatThrownBy(() -> LedgerConfig.fromEnvironment(env("LEDGER_CACHE_TTL_MS", "0")))
                .hasMessage("LEDGER_CACHE_TTL_MS='0' is not valid: " + valid);
        assertThatThrownBy(() -> LedgerConfig.fromEnvironment(env("LEDGER_CACHE_TTL_MS", "-5")))
                .hasMessageStartingWith("LEDGER_CACHE_TTL_MS='-5' is not valid");
        assertThatThrownBy(() -> LedgerConfig.fromEnvironment(env("LEDGER_CACHE_TTL_MS", "2147483648")))
                .hasMessageStartingWith("LEDGER_CACHE_TTL_MS='2147483648' is not valid");
        assertThat(LedgerConfig.fromEnvironment(env("LEDGER_CACHE_TTL_MS", " 1 ")).cacheTtl()).isEqualTo(Duration.ofMillis(1));
        assertThat(LedgerConfig.fromEnvironment(env("LEDGER_CACHE_TTL_MS", "2147483647")).cacheTtl())
                .isEqualTo(Duration.ofMillis(Integer.MAX_VALUE));
        assertThat(LedgerConfig.fromEnvironment(env("LEDGER_CACHE_TTL_MS", "")).cacheTtl()).as("blank is unset").isNull();
    }

    @Test
    void namesAMissingDatabaseUrlAndWhatIsExpected() {
        Map<String, String> env = env();
        env.remove("LEDGER_DB_URL");

        assertThatThrownBy(() -> LedgerConfig.fromEnvironment(env))
                .isInstanceOf(LedgerConfigException.class)
                .hasMessageContaining("LEDGER_DB_URL is missing")
                .hasMessageContaining("jdbc:postgresql://");
    }

    @Test
    void namesTheVariableTheValueAndTheValidRangeOfABadPoolSize() {
        assertThatThrownBy(() -> LedgerConfig.fromEnvironment(env("LEDGER_POOL_SIZE", "ten")))
                .isInstanceOf(LedgerConfigException.class)
                .hasMessage("LEDGER_POOL_SIZE='ten' is not valid: expected a whole number from 1 to 1000 (default 10)");
        assertThatThrownBy(() -> LedgerConfig.fromEnvironment(env("LEDGER_POOL_SIZE", "0")))
                .hasMessageContaining("LEDGER_POOL_SIZE='0'");
    }

    @Test
    void refusesATimeoutTheConnectionPoolCannotHonour() {
        assertThatThrownBy(() -> LedgerConfig.fromEnvironment(env("LEDGER_DB_TIMEOUT_MS", "100")))
                .hasMessage("LEDGER_DB_TIMEOUT_MS='100' is not valid: expected a whole number from 250 to 600000 (default 2000)");
    }

    @Test
    void refusesAFailRateOutsideZeroToOne() {
        assertThatThrownBy(() -> LedgerConfig.fromEnvironment(env("LEDGER_FAIL_RATE", "30%")))
                .hasMessageStartingWith("LEDGER_FAIL_RATE='30%' is not valid: expected a number from 0.0 to 1.0");
        assertThatThrownBy(() -> LedgerConfig.fromEnvironment(env("LEDGER_FAIL_RATE", "1.5")))
                .hasMessageStartingWith("LEDGER_FAIL_RATE='1.5'");
        assertThatThrownBy(() -> LedgerConfig.fromEnvironment(env("LEDGER_FAIL_RATE", "NaN")))
                .hasMessageStartingWith("LEDGER_FAIL_RATE='NaN'");
    }

    @Test
    void refusesARedisUrlWithoutSchemeOrHost() {
        assertThatThrownBy(() -> LedgerConfig.fromEnvironment(env("LEDGER_REDIS_URL", "redis:6379")))
                .hasMessageStartingWith("LEDGER_REDIS_URL='redis:6379' is not valid: expected a Redis URL");
        assertThatThrownBy(() -> LedgerConfig.fromEnvironment(env("LEDGER_REDIS_URL", "http://redis:6379")))
                .hasMessageStartingWith("LEDGER_REDIS_URL='http://redis:6379'");
    }

    @Test
    void refusesADatabaseUrlOfAnotherDriver() {
        assertThatThrownBy(() -> LedgerConfig.fromEnvironment(env("LEDGER_DB_URL", "postgres://pg/ledger")))
                .hasMessageStartingWith("LEDGER_DB_URL='postgres://pg/ledger' is not valid");
    }

    @Test
    void wantsTheKeystoreAndItsPasswordTogether() {
        assertThatThrownBy(() -> LedgerConfig.fromEnvironment(env("LEDGER_TLS_KEYSTORE", "/certs/ledger.p12")))
                .hasMessageStartingWith("LEDGER_TLS_PASSWORD is missing");
        assertThatThrownBy(() -> LedgerConfig.fromEnvironment(env("LEDGER_TLS_PASSWORD", "changeit")))
                .hasMessageStartingWith("LEDGER_TLS_KEYSTORE is missing");
    }

    @Test
    void validatesValuesBuiltInCodeToo() {
        LedgerConfig config = LedgerConfig.of("jdbc:postgresql://127.0.0.1:5432/ledger", "u", "p");

        assertThatThrownBy(() -> config.withPoolSize(0)).hasMessageContaining("poolSize='0'");
        assertThatThrownBy(() -> config.withFailRate(-0.1)).hasMessageContaining("failRate='-0.1'");
        assertThatThrownBy(() -> config.withPorts(70000, 0)).hasMessageContaining("httpPort='70000'");
        assertThat(config.withPorts(0, 0).httpPort()).isZero();
        assertThatThrownBy(() -> config.withCacheTtl(Duration.ZERO)).hasMessageContaining("cacheTtl='PT0S'");
        assertThatThrownBy(() -> config.withCacheTtl(Duration.ofNanos(1_500_000))).hasMessageContaining("whole milliseconds");
        assertThatThrownBy(() -> config.withCacheTtl(Duration.ofDays(30))).hasMessageContaining("cacheTtl='PT720H'");
        assertThat(config.withCacheTtl(Duration.ofSeconds(4)).withPoolSize(3).cacheTtl())
                .as("kept by the other withers").isEqualTo(Duration.ofSeconds(4));
        assertThat(config.withCacheTtl(Duration.ofSeconds(4)).withCacheTtl(null).cacheTtl()).isNull();
    }

    @Test
    void receiptsGoToAnAbsoluteDirectoryOrNowhere() {
        assertThat(LedgerConfig.fromEnvironment(env()).receiptsDir()).as("no receipts unless LEDGER_RECEIPTS_DIR is set").isNull();
        assertThat(LedgerConfig.fromEnvironment(env("LEDGER_RECEIPTS_DIR", "/var/lib/ledger/receipts")).receiptsDir())
                .isEqualTo(Path.of("/var/lib/ledger/receipts"));
        assertThatThrownBy(() -> LedgerConfig.fromEnvironment(env("LEDGER_RECEIPTS_DIR", "receipts")))
                .isInstanceOf(LedgerConfigException.class)
                .hasMessageContaining("LEDGER_RECEIPTS_DIR").hasMessageContaining("receipts").hasMessageContaining("absolute path");
        LedgerConfig config = LedgerConfig.of("jdbc:postgresql://postgres:5432/ledger", "ledger", "pw").withReceiptsDir(Path.of("/data/r"));
        assertThat(config.withPoolSize(3).withMaintenanceFile(Path.of("/data/m")).receiptsDir()).as("kept by the other with-methods")
                .isEqualTo(Path.of("/data/r"));
    }
}
