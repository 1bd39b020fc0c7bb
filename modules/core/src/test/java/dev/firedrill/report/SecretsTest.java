package dev.firedrill.report;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SecretsTest {

    @Test
    void namesContainingPasswordSecretTokenOrKeyAreSecret() {
        assertThat(Secrets.isSecretName("LEDGER_DB_PASSWORD")).isTrue();
        assertThat(Secrets.isSecretName("LEDGER_TLS_PASSWORD")).isTrue();
        assertThat(Secrets.isSecretName("AWS_SECRET_ACCESS_KEY")).isTrue();
        assertThat(Secrets.isSecretName("github.token")).isTrue();
        assertThat(Secrets.isSecretName("api_key")).isTrue();
        assertThat(Secrets.isSecretName("LEDGER_DB_URL")).isFalse();
        assertThat(Secrets.isSecretName("LEDGER_DB_USER")).isFalse();
        assertThat(Secrets.isSecretName(null)).isFalse();
    }

    @Test
    void collectsTheValuesOfSecretNamedVariablesOnly() {
        assertThat(Secrets.valuesOf(Map.of("LEDGER_DB_PASSWORD", "pw-1234", "LEDGER_DB_USER", "ledger",
                "SOME_TOKEN", " ", "HOME", "/home/x", "USE_API_KEY", "true"))).containsExactly("pw-1234");
    }

    @Test
    void masksKnownSecretValuesWhereverTheyOccur() {
        assertThat(Secrets.mask("login with pw-1234 failed: pw-1234", Set.of("pw-1234")))
                .isEqualTo("login with **** failed: ****");
    }

    @Test
    void masksTheLongerOfTwoOverlappingSecretsWhole() {
        assertThat(Secrets.mask("x=abcd-efgh", Set.of("abcd", "abcd-efgh"))).isEqualTo("x=****");
    }

    @Test
    void masksAShortSecretOnlyWhereAWholeValueIsIt() {
        assertThat(Secrets.mask("2026-01-01T00:00:01Z", Set.of("1"))).isEqualTo("2026-01-01T00:00:01Z");
        assertThat(Secrets.mask("1", Set.of("1"))).isEqualTo(Secrets.MASK);
    }

    @Test
    void masksPasswordsInJdbcUrlsWithoutKnowingThem() {
        assertThat(Secrets.mask("jdbc:postgresql://db:5432/ledger?user=app&password=p4ss&ssl=false", Set.of()))
                .isEqualTo("jdbc:postgresql://db:5432/ledger?user=app&password=****&ssl=false");
        assertThat(Secrets.mask("jdbc:postgresql://app:p4ss@db:5432/ledger", Set.of()))
                .isEqualTo("jdbc:postgresql://app:****@db:5432/ledger");
        assertThat(Secrets.mask("redis://:p4ss@cache:6379/0", Set.of())).isEqualTo("redis://:****@cache:6379/0");
        assertThat(Secrets.mask("jdbc:mysql://db/x;password=p4ss;user=app", Set.of()))
                .isEqualTo("jdbc:mysql://db/x;password=****;user=app");
    }

    @Test
    void masksTheValuesOfSecretNamedPairsInText() {
        assertThat(Secrets.mask("LEDGER_DB_PASSWORD=p4ss LEDGER_DB_USER=app", Set.of()))
                .isEqualTo("LEDGER_DB_PASSWORD=**** LEDGER_DB_USER=app");
        assertThat(Secrets.mask("{\"api_token\": \"t0k3n\", \"user\": \"app\"}", Set.of()))
                .isEqualTo("{\"api_token\": \"****\", \"user\": \"app\"}");
    }

    @Test
    void leavesTextWithoutSecretsAlone() {
        String text = "RTO of path 'write' (phase recovery) was PT12.3S, target ≤ PT45S: met; http://ledger:8080/ready";
        assertThat(Secrets.mask(text, Set.of("hunter2"))).isEqualTo(text);
        assertThat(Secrets.mask(null, Set.of("hunter2"))).isNull();
    }

    /**
     * A single-file HTML report carries megabytes of base64 without a separator. Masking it must stay
     * linear: the old pattern rescanned the run from each position (quadratic: hours for 4 MB). The
     * bound is a hang detector, hundreds of times what the linear scan takes, not a speed target.
     */
    @Test
    void aMegabyteRunOfNameCharactersIsMaskedWithoutRescanningIt() {
        String blob = "data:font/woff2;base64," + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0123456789".repeat(25_000);
        String text = blob + " password=hunter2 " + blob;

        String masked = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
                () -> Secrets.mask(text, Set.of()));

        assertThat(masked).isEqualTo(blob + " password=" + Secrets.MASK + " " + blob);
    }
}
