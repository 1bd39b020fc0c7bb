package dev.firedrill.drills;

import dev.firedrill.capability.ServiceCommands;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.HarnessClock;
import dev.firedrill.Marker;
import dev.firedrill.Recovery;
import dev.firedrill.StepRecord;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Verdict;
import dev.firedrill.measure.DrillAnalysis;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * D10 when its procedure cannot work, on a real stack: a base backup whose {@code pg_basebackup} is refused,
 * and a restore whose WAL archive was lost (found before the fresh server starts: a gap in the segments). Either way the drill is broken (never passed, never "failed" as if
 * the system had lost data), its reason names the step and the cause, no fault stays active, and the damaged
 * server is left serving rather than stopped.
 */
@Timeout(600)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PointInTimeRecoveryFailuresIT {

    private static Stack stack;
    private static final DrillRunner RUNNER = new DrillRunner(HarnessClock.system(), DrillAnalysis::analyse, (r, recording) -> { });

    @BeforeAll
    static void startStack() {
        stack = Stack.start(StackDefinition.load(ProjectFiles.root().resolve("docker-compose.pitr.yml")));
    }

    @AfterAll
    static void closeStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aRefusedBaseBackupBreaksTheDrillBeforeAnythingIsInjected() throws Exception {
        DrillResult result;
        try (AutoCloseable denied = denyReplication("postgres")) {
            result = RUNNER.execute(PointInTimeRecoveryDrill.D10.toBuilder().id("D10-backup-refused").build(), stack);
        }

        assertThat(result.verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(result.reason())
                .contains("step 'base backup(postgres)' failed")
                .contains("step 'pg_basebackup' failed: pg_basebackup exited")
                .contains("pg_hba.conf rejects replication connection");
        assertThat(result.steps()).extracting(StepRecord::name, StepRecord::outcome)
                .as("nothing after the failed backup ran: no bad change, no restore")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("base backup(postgres)", "failed"));
        assertThat(result.measurements().timeline().first(Marker.DISRUPTION)).as("no fault was injected").isEmpty();
        assertThat(primaryInRecovery()).as("the postgres proxy still leads to the original primary").isEqualTo("f");
    }

    @Test
    @Order(2)
    void aRestoreWhoseArchiveWasLostBreaksTheDrillAndLeavesTheDamagedServerServing() throws Exception {
        Drill archiveLost = PointInTimeRecoveryDrill.D10.toBuilder().id("D10-archive-lost")
                .withoutRecovery()
                .recovery(loseTheWalArchive())
                .recovery(Recoveries.restoreToRecoveryPoint("postgres", "postgres-pitr"))
                .recovery(Recoveries.repoint("postgres", "postgres-pitr", 5432))
                .build();

        DrillResult result = RUNNER.execute(archiveLost, stack);

        assertThat(result.verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(result.reason())
                .contains("step 'point-in-time restore(postgres into postgres-pitr)' failed")
                .contains("step 'fill a fresh data directory of postgres-pitr' failed")
                .contains("the WAL archive has a gap: segment")
                .contains("postgres started again");
        assertThat(result.steps()).extracting(StepRecord::name).doesNotContain("repoint(postgres to postgres-pitr)");
        assertThat(result.measurements().timeline().first(Marker.FAULT_REVERTED)).as("the injected bad change was closed").isPresent();
        assertThat(stack.processes().isRunning("postgres")).as("the damaged server serves again").isTrue();
        assertThat(primaryInRecovery()).as("through the postgres proxy: still the original primary").isEqualTo("f");
    }

    /** The mistake of losing the archive (a test-only step): every archived WAL segment deleted. */
    private static Recovery loseTheWalArchive() {
        return new Recovery() {
            @Override
            public String name() {
                return "lose the WAL archive";
            }

            @Override
            public String run(SystemUnderTest system) {
                // The segment holding the target and the bad change is archived first, then the archive is lost:
                // the restore's own last segment comes after a gap the replay cannot cross.
                ServiceCommands.CommandResult r = exec("postgres", "set -e; seg=$(psql -U \"$POSTGRES_USER\" -d postgres -Atc 'SELECT pg_walfile_name(pg_switch_wal())');"
                        + " for i in $(seq 150); do [ -f \"/wal-archive/$seg\" ] && break; sleep 0.2; done;"
                        + " [ -f \"/wal-archive/$seg\" ]; find /wal-archive -type f -delete; ls /wal-archive | wc -l");
                return "archive emptied, " + r.stdout().strip() + " files left";
            }
        };
    }

    /** Replication connections rejected by the first line of pg_hba.conf; closing removes the line again (reloaded both ways). */
    private static AutoCloseable denyReplication(String service) {
        String reload = " && psql -U \"$POSTGRES_USER\" -d postgres -Atc 'SELECT pg_reload_conf()'";
        exec(service, "{ echo 'host replication all all reject # firedrill-test'; cat \"$PGDATA/pg_hba.conf\"; } > /tmp/hba"
                + " && cat /tmp/hba > \"$PGDATA/pg_hba.conf\"" + reload);
        return () -> exec(service, "grep -v 'firedrill-test' \"$PGDATA/pg_hba.conf\" > /tmp/hba && cat /tmp/hba > \"$PGDATA/pg_hba.conf\"" + reload);
    }

    private static ServiceCommands.CommandResult exec(String service, String script) {
        ServiceCommands.CommandResult r = stack.commands().exec(service, "bash", "-c", script);
        if (r.exitCode() != 0) {
            throw new IllegalStateException("'" + script + "' in " + service + " exited " + r.exitCode() + ": " + r.stderr().strip());
        }
        return r;
    }

    private static String primaryInRecovery() throws Exception {
        var env = stack.environment("postgres");
        String url = stack.endpoint("postgres", 5432).jdbcPostgres(env.get("POSTGRES_DB"));
        try (Connection c = DriverManager.getConnection(url, env.get("POSTGRES_USER"), env.get("POSTGRES_PASSWORD"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
