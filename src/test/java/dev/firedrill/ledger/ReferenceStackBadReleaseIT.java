package dev.firedrill.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.StackDefinition;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reference stack with a deliberately bad release: {@code LEDGER_RELEASE=B-bad} and
 * {@code LEDGER_FAIL_RATE=0.3}, set through {@link StackDefinition#withEnvironment}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReferenceStackBadReleaseIT {

    private static final double FAIL_RATE = 0.3;
    private static final int REQUESTS = 400;
    /** About 4.4 standard deviations of the share of 500s in 400 requests at p = 0.3. */
    private static final double TOLERANCE = 0.1;

    private static LedgerInStack ledger;

    @BeforeAll
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    static void startStack() throws Exception {
        ledger = LedgerInStack.start(StackDefinition.load(ProjectFiles.referenceCompose())
                .withEnvironment("ledger", "LEDGER_RELEASE", "B-bad")
                .withEnvironment("ledger", "LEDGER_FAIL_RATE", String.valueOf(FAIL_RATE)));
    }

    @AfterAll
    static void closeStack() {
        if (ledger != null) {
            ledger.close();
        }
    }

    @Test
    void answersTheConfiguredShareOfEntryRequestsWith500() throws Exception {
        LedgerClient http = ledger.http();
        Map<String, Double> before = ledger.metrics();
        int failed = 0;
        int succeeded = 0;
        for (int i = 0; i < REQUESTS; i++) {
            HttpResponse<String> response = http.get("/entries?after=0&limit=1");
            if (response.statusCode() == 500) {
                failed++;
                assertThat(LedgerInStack.json(response).get("error").asText()).contains("LEDGER_FAIL_RATE");
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                succeeded++;
            }
        }
        double share = (double) failed / REQUESTS;
        System.out.printf("LEDGER_FAIL_RATE=%.1f: %d of %d answered 500 (%.3f)%n", FAIL_RATE, failed, REQUESTS, share);
        assertThat(share).isCloseTo(FAIL_RATE, org.assertj.core.data.Offset.offset(TOLERANCE));

        Map<String, Double> after = ledger.metrics();
        String series = "ledger_http_requests_total{method=\"GET\",route=\"/entries\",status=\"%d\"}";
        assertThat(after.get(series.formatted(500)) - before.getOrDefault(series.formatted(500), 0.0))
                .as("the service counts the 500s the client saw").isEqualTo(failed);
        assertThat(after.get(series.formatted(200)) - before.getOrDefault(series.formatted(200), 0.0)).isEqualTo(succeeded);
    }

    @Test
    void healthReadinessMetricsAndVersionNeverFailOnPurpose() throws Exception {
        LedgerClient http = ledger.http();
        for (int i = 0; i < 25; i++) {
            assertThat(http.get("/health").statusCode()).isEqualTo(200);
            assertThat(http.get("/ready").statusCode()).isEqualTo(200);
            assertThat(http.get("/metrics").statusCode()).isEqualTo(200);
            HttpResponse<String> version = http.get("/version");
            assertThat(version.statusCode()).isEqualTo(200);
            assertThat(LedgerInStack.json(version).get("release").asText()).isEqualTo("B-bad");
        }
        assertThat(ledger.metrics()).containsEntry("ledger_release_info{release=\"B-bad\"}", 1.0);
    }

    @Test
    void writesThatAreNotFailedOnPurposeAreStoredOnce() throws Exception {
        LedgerClient http = ledger.http();
        String id = "bad-release-" + System.nanoTime();
        int created = 0;
        int attempts = 0;
        // A client retrying through injected 500s: the write lands once, whatever the failures before it.
        while (created == 0 && attempts < 50) {
            attempts++;
            int status = http.write(id, "acc-1", 1).statusCode();
            assertThat(status).isIn(201, 500);
            created += status == 201 ? 1 : 0;
        }
        assertThat(created).isEqualTo(1);
        for (int i = 0; i < 10; i++) {
            assertThat(http.write(id, "acc-1", 1).statusCode()).isIn(200, 500);
        }
        assertThat(ledger.rowsWithId(id)).isEqualTo(1);
        assertThat(ledger.awaitReady(Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
    }
}
