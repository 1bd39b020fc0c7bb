package dev.firedrill.measure;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Which view of an old primary holds what it accepted: a replica whose resync has not completed. */
class DemotionWatchTest {

    private static final String DEMOTED = "# Replication\r\nrole:slave\r\nmaster_host:redis-2\r\nmaster_port:6379\r\n"
            + "master_link_status:down\r\nmaster_sync_in_progress:0\r\n";

    @Test
    void readsTheFieldsOfAnInfoSection() {
        assertThat(DemotionWatch.field(DEMOTED, "role")).isEqualTo("slave");
        assertThat(DemotionWatch.field(DEMOTED, "master_link_status")).isEqualTo("down");
        assertThat(DemotionWatch.field("# Replication\nrole:master\nconnected_slaves:0\n", "master_link_status")).isEmpty();
    }

    @Test
    void onlyAReplicaNotYetResyncedHoldsWhatItAcceptedAsAPrimary() {
        ReadBack ids = ReadBack.of(1, 2, 3);
        assertThat(new DemotionWatch.View(Instant.now(), "slave", false, ids).demotedBeforeResync()).isTrue();
        assertThat(new DemotionWatch.View(Instant.now(), "slave", true, ids).demotedBeforeResync()).as("resynced").isFalse();
        assertThat(new DemotionWatch.View(Instant.now(), "master", false, ids).demotedBeforeResync()).as("still primary").isFalse();
    }
}
