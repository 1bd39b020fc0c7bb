package dev.firedrill.recovery;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StepsTest {

    private final Steps steps = new Steps("restore latest backup(postgres)");

    @Test
    void aStepThatThrowsFailsTheProcedureNamingTheStepAndTheCause() {
        assertThat(steps.run("find the backup", () -> "b1")).isEqualTo("b1");

        assertThatThrownBy(() -> steps.act("check the backup", () -> {
            throw new IllegalArgumentException("pg_restore --list exited 1: not a custom-format archive");
        })).isInstanceOf(Steps.Failed.class)
                .hasMessage("restore latest backup(postgres): step 'check the backup' failed: pg_restore --list exited 1:"
                        + " not a custom-format archive")
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailureOfTheSameProcedureIsNotNamedTwiceButAnotherProceduresIs() {
        assertThatThrownBy(() -> steps.run("fill", () -> {
            throw steps.fail("verify row counts", "3 rows, 4 expected");
        })).hasMessage("restore latest backup(postgres): step 'verify row counts' failed: 3 rows, 4 expected");

        Steps inner = new Steps("base backup(postgres)");
        assertThatThrownBy(() -> steps.run("take a backup first", () -> {
            throw inner.fail("pg_basebackup", "exited 1");
        })).hasMessage("restore latest backup(postgres): step 'take a backup first' failed: base backup(postgres): step"
                + " 'pg_basebackup' failed: exited 1");
    }

    @Test
    void pickCountsBackFromTheLatestAndSaysWhatWasFound() {
        List<String> found = List.of("postgres-1.dump", "postgres-2.dump", "postgres-3.dump");

        assertThat(steps.pick("find", found, 0, "backup", "postgres", "")).isEqualTo("postgres-3.dump");
        assertThat(steps.pick("find", found, 2, "backup", "postgres", "")).isEqualTo("postgres-1.dump");
        assertThatThrownBy(() -> steps.pick("find", found, 3, "backup", "postgres", ""))
                .hasMessage("restore latest backup(postgres): step 'find' failed: only 3 backup(s) of 'postgres', the one 3"
                        + " before the latest asked for: [postgres-1.dump, postgres-2.dump, postgres-3.dump]");
        assertThatThrownBy(() -> steps.pick("find", List.of(), 0, "snapshot", "redis", " (take one with Backups.redisSnapshot(\"redis\"))"))
                .hasMessage("restore latest backup(postgres): step 'find' failed: no snapshot of 'redis' in the backups volume"
                        + " (take one with Backups.redisSnapshot(\"redis\"))");
    }

    @Test
    void restoreNamesSayWhichGeneration() {
        assertThat(Steps.restoreName("backup", 0, "postgres")).isEqualTo("restore latest backup(postgres)");
        assertThat(Steps.restoreName("snapshot", 2, "redis")).isEqualTo("restore snapshot 2 before the latest(redis)");
        assertThatThrownBy(() -> Steps.restoreName("backup", -1, "postgres"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("generationsBack must be 0 (the latest backup) or more, got -1");
        assertThatThrownBy(() -> Steps.requireGeneration("snapshot", -2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("generationsBack must be 0 (the latest snapshot) or more, got -2");
    }
}
