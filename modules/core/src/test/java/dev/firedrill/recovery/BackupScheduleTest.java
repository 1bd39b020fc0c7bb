package dev.firedrill.recovery;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static java.time.Duration.ofHours;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The scaled backup job's settings, its scale and its file names (the job itself runs in ScheduledBackupDrill). */
class BackupScheduleTest {

    @Test
    void statesTheScaleOfItsCadence() {
        BackupSchedule nightly = new BackupSchedule("postgres", ofSeconds(20), ofHours(24), 2, 1, ofSeconds(2));
        assertThat(nightly.scale()).isEqualTo("1:4320");
        assertThat(nightly.name()).isEqualTo("backup schedule(postgres, every 20 s standing for 24 h)");
        assertThat(BackupSchedule.words(Duration.ofMinutes(15))).isEqualTo("15 min");
        assertThat(BackupSchedule.words(Duration.ofMillis(1500))).isEqualTo("1.5 s");
    }

    @Test
    void refusesSettingsThatCannotBeAScheduleSayingWhatIsValid() {
        assertThatThrownBy(() -> new BackupSchedule("postgres", ofSeconds(2), ofHours(24), 2, 1, ofSeconds(1)))
                .hasMessageContaining("every must be at least 5s");
        assertThatThrownBy(() -> new BackupSchedule("postgres", ofSeconds(20), ofSeconds(10), 2, 1, ofSeconds(1)))
                .hasMessageContaining("stands-for").hasMessageContaining("at least every");
        assertThatThrownBy(() -> new BackupSchedule("postgres", ofSeconds(20), ofHours(24), 0, 1, ofSeconds(1)))
                .hasMessageContaining("backups must be 1 .. 20, got 0");
        assertThatThrownBy(() -> new BackupSchedule("postgres", ofSeconds(20), ofHours(24), 2, 0, ofSeconds(1)))
                .hasMessageContaining("keep (the retention");
        assertThatThrownBy(() -> new BackupSchedule("postgres", ofSeconds(20), ofHours(24), 2, 1, ofSeconds(20)))
                .hasMessageContaining("fault-before-next must be from 0s to less than every");
        assertThatThrownBy(() -> new BackupSchedule("postgres", ofSeconds(20), ofHours(24), 2, 1, ofSeconds(2), true))
                .hasMessageContaining("recovery-point: previous needs at least 2 backups taken and 2 kept, got backups 2, keep 1");
        assertThatThrownBy(() -> new CorruptBackupFault(" ")).hasMessageContaining("names the service whose newest backup it corrupts");
        assertThatThrownBy(() -> new BackupRestorableProbe("postgres", Duration.ofMillis(500), BackupRestorableProbe.Check.RESTORE))
                .hasMessageContaining("every must be at least 1s");
    }

    @Test
    void namesItsFilesAsTheRunbooksJobDoesAndTellsTheFormatsApart() {
        Instant at = Instant.parse("2026-12-07T02:00:00.250Z");
        assertThat(BackupStore.Format.SQL_GZIP.fileName("postgres", at)).isEqualTo("postgres_full_20261207_020000.sql.gz");
        assertThat(BackupStore.Format.CUSTOM.fileName("postgres", at)).isEqualTo("postgres-20261207T020000.250Z.dump");
        assertThat(BackupStore.Format.of("postgres", "postgres_full_20261207_020000.sql.gz")).isEqualTo(BackupStore.Format.SQL_GZIP);
        assertThat(BackupStore.Format.of("postgres", "postgres-20261207T020000.250Z.dump")).isEqualTo(BackupStore.Format.CUSTOM);
        assertThat(BackupStore.Format.of("postgres", "postgres-20261207T020000.250Z.dump.rows")).isNull();
        assertThat(BackupStore.Format.of("postgres", "redis-20261207.rdb")).isNull();
    }
}
