package dev.firedrill.recovery;

import dev.firedrill.fault.Faults;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DisasterRecoveriesTest {

    @Test
    void namesReadLikeTheRunbook() {
        assertThat(Recoveries.restoreLatestBackup("postgres").name()).isEqualTo("restore latest backup(postgres)");
        assertThat(Recoveries.restoreOlderBackup("postgres", 1).name()).isEqualTo("restore backup 1 before the latest(postgres)");
        assertThat(Recoveries.promoteReplica("postgres-replica").name()).isEqualTo("promote replica(postgres-replica)");
        assertThat(Recoveries.repoint("postgres", "postgres-replica", 5432).name()).isEqualTo("repoint(postgres to postgres-replica)");
        assertThat(Backups.logical("postgres").name()).isEqualTo("logical backup(postgres)");
        assertThat(Backups.streamingReplica("postgres-replica", "postgres").name()).isEqualTo("streaming replica(postgres-replica of postgres)");
        assertThat(Backups.synchronousReplica("postgres-replica", "postgres").name())
                .isEqualTo("synchronous streaming replica(postgres-replica of postgres)");
        assertThat(Backups.logicalNotRecorded("postgres").name()).contains("not recorded as the recovery point");
        assertThat(Faults.after(Duration.ofSeconds(5), Faults.kill("postgres")).name()).isEqualTo("after 5000 ms: kill(postgres)");
    }

    @Test
    void misuseIsAnIllegalArgumentNamingTheField() {
        assertThatThrownBy(() -> Recoveries.restoreOlderBackup("postgres", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("generationsBack").hasMessageContaining("restoreLatestBackup");
        assertThatThrownBy(() -> Faults.after(Duration.ofSeconds(-1), Faults.kill("postgres")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay");
    }

    @Test
    void rowCountsRoundTrip() {
        Map<String, Long> rows = Map.of("public.entries", 1234L);
        assertThat(BackupStore.parseRows(BackupStore.formatRows(rows))).isEqualTo(rows);
        assertThat(BackupStore.parseRows("garbage\npublic.x 5\n")).containsExactly(Map.entry("public.x", 5L));
    }

    @Test
    void aRestoredServersLogIsShownWithItsCauseFirst() {
        String log = String.join("\n", "LOG:  starting point-in-time recovery", "LOG:  restored log file",
                "FATAL:  recovery ended before configured recovery target was reached",
                "LOG:  startup process (PID 15) exited with exit code 1", "LOG:  terminating any other active server processes",
                "LOG:  shutting down due to startup process failure", "LOG:  database system is shut down", "");
        assertThat(PointInTimeRestore.tail(log))
                .startsWith("FATAL:  recovery ended before configured recovery target was reached ... ")
                .endsWith("LOG:  database system is shut down");
        assertThat(PointInTimeRestore.tail("LOG:  a\nLOG:  b")).isEqualTo("LOG:  a | LOG:  b");
    }
}
