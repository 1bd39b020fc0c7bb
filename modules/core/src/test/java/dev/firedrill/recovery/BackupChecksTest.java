package dev.firedrill.recovery;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The standing backup checks without a container: reading a listing, and the errors of bad parameters. */
class BackupChecksTest {

    @Test
    void theListingGivesTheServicesBackupsNewestFirstWithTheirAges() {
        String listing = """
                now 1700000100.500000000
                1700000040.100000000 postgres_full_20231114_221320.sql.gz
                1700000090.900000000 postgres_full_20231114_221410.sql.gz
                1700000090.950000000 postgres_full_20231114_221410.sql.gz.rows
                1700000000.000000000 redis_full_20231114_221240.sql.gz
                1700000095.000000000 lost+found
                """;

        assertThat(BackupChecks.parse("postgres", listing)).containsExactly(
                new BackupChecks.Entry("postgres_full_20231114_221410.sql.gz", 9),
                new BackupChecks.Entry("postgres_full_20231114_221320.sql.gz", 60));
        assertThat(BackupChecks.parse("postgres", "now 1700000100.5\n")).isEmpty();
    }

    @Test
    void aListingWithoutItsClockReadingIsAnError() {
        assertThatThrownBy(() -> BackupChecks.parse("postgres", "1700000040.1 postgres_full_20231114_221320.sql.gz\n"))
                .hasMessageContaining("has no clock reading");
    }

    @Test
    void badParametersSayWhatIsValid() {
        assertThatThrownBy(() -> new BackupChecks.Age("postgres", Duration.ofSeconds(5), Duration.ZERO))
                .hasMessage("backup-age(postgres): younger-than is the age the newest backup must stay under, at least 1s (e.g. 26h for"
                        + " a nightly job, scaled as its cadence is), got PT0S");
        assertThatThrownBy(() -> new BackupChecks.Retention("postgres", Duration.ofSeconds(5), 0))
                .hasMessage("retention(postgres): keep is how many backups the retention keeps, at least 1, got 0");
        assertThatThrownBy(() -> new BackupChecks.Retention("postgres", Duration.ofMillis(10), 3))
                .hasMessage("retention(postgres): every must be at least 1s, got PT0.01S");
        assertThatThrownBy(() -> new BackupChecks.Age(" ", Duration.ofSeconds(5), Duration.ofHours(26)))
                .hasMessage("backup-age names the service whose backups it checks, e.g. postgres");
    }
}
