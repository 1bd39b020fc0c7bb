package dev.firedrill.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What each release does differently, and the answers it gives for one entry. */
class ReleaseTest {

    private static final Entry ENTRY = new Entry("w-1", 7, "acc", 120, "USD", Instant.parse("2026-12-07T10:00:00Z"));

    @Test
    void eachVersionStringNamesOneRelease() {
        assertThat(Release.versions()).containsExactly("1.0.0", "1.0.1", "2.0.0");
        assertThat(Release.of("1.0.1", "LEDGER_VERSION")).isEqualTo(Release.V1_0_1);
        assertThat(Release.DEFAULT).isEqualTo(Release.V1_0_0);
        assertThatThrownBy(() -> Release.of("v1.0.1", "LEDGER_VERSION")).hasMessageContaining("[1.0.0, 1.0.1, 2.0.0]");
    }

    @Test
    void release100AnswersWithoutCurrencyAndWithCreatedAt() {
        assertThat(ENTRY.toJson(Release.V1_0_0)).containsOnlyKeys("id", "seq", "account", "amount", "created_at")
                .containsEntry("created_at", "2026-12-07T10:00:00Z");
        assertThat(Release.V1_0_0.writePartitions()).isZero();
    }

    @Test
    void release101AddsTheCurrency() {
        assertThat(ENTRY.toJson(Release.V1_0_1)).containsOnlyKeys("id", "seq", "account", "amount", "currency", "created_at")
                .containsEntry("currency", "USD");
        assertThat(Release.V1_0_1.writePartitions()).isZero();
    }

    @Test
    void release200NoLongerKnowsCreatedAtAndPartitionsItsWrites() {
        assertThat(ENTRY.toJson(Release.V2_0_0)).containsOnlyKeys("id", "seq", "account", "amount", "currency");
        assertThat(Release.V2_0_0.writePartitions()).isEqualTo(8);
    }

    @Test
    void theCacheKeepsEveryFieldAnEntryHasSoThatReleasesCanShareIt() {
        assertThat(ENTRY.toCachedJson()).containsOnlyKeys("id", "seq", "account", "amount", "currency", "created_at");
        assertThat(new Entry("w-2", 8, "acc", 1, null, null).toCachedJson()).containsOnlyKeys("id", "seq", "account", "amount");
        Entry cachedBy100 = new Entry("w-3", 9, "acc", 1, null, Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(cachedBy100.complete(Release.V1_0_0)).isTrue();
        assertThat(cachedBy100.complete(Release.V1_0_1)).as("lacks the currency: read from the database again").isFalse();
        Entry cachedBy200 = new Entry("w-4", 10, "acc", 1, "EUR", null);
        assertThat(cachedBy200.complete(Release.V2_0_0)).isTrue();
        assertThat(cachedBy200.complete(Release.V1_0_1)).isFalse();
    }
}
