package dev.firedrill.recovery;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.HarnessClock;
import dev.firedrill.StepFailure;
import dev.firedrill.StepRecord;
import dev.firedrill.measure.DrillAnalysis;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Runbook scripts inside a container of the reference stack: the seed 004 quarterly DR procedure
 * ({@code drills/scripts/dr-drill.sh}: pg_dump | gzip, gunzip | psql into a fresh server, counts, health
 * checks) run as a drill step with its output on the step; the same script given a wrong backup file name
 * fails the step with its own error message; a script past its bound is killed inside the container.
 */
@Timeout(240)
class ScriptInContainerIT {

    private static final Script DR_DRILL = Recoveries.script("drills/scripts/dr-drill.sh").in("postgres").asUser("postgres")
            .within(Duration.ofMinutes(2));

    private static Stack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = Stack.start(StackDefinition.load(ProjectFiles.referenceCompose()));
        PostgresLogin login = PostgresLogin.of(stack, "postgres");
        try (Connection c = login.connect(stack, "postgres"); Statement s = c.createStatement()) {
            String create = "CREATE TABLE IF NOT EXISTS entries(seq bigserial primary key, id text unique not null, account text,"
                    + " amount bigint, created_at timestamptz default now())";
            try {
                s.execute(create);
            } catch (java.sql.SQLException e) {
                // The ledger creates the same table as it starts; two concurrent CREATE TABLE IF NOT EXISTS can
                // collide on the catalog (23505). The second try sees the table.
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
                s.execute(create);
            }
            s.execute("INSERT INTO entries(id, account, amount) SELECT 'script-it-' || g, 'acct', g FROM generate_series(1, 42) g");
        }
    }

    @AfterAll
    static void closeStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theSeedDrProcedureRunsAsADrillStepAndItsOutputIsOnTheStep() {
        Drill drill = Drill.builder("D09-script", "Quarterly DR procedure, the runbook's own script (seed 004)")
                .suites("quarterly").runbook("004 §Test Restore Procedure")
                .probe(dev.firedrill.measure.Probes.ledgerWrite()).recovery(DR_DRILL).afterWindow(Duration.ofSeconds(1)).build();
        DrillRunner runner = new DrillRunner(HarnessClock.system(), DrillAnalysis::analyse, (result, recording) -> { });

        DrillResult result = runner.run(drill, stack);

        StepRecord step = result.steps().get(0);
        assertThat(step.name()).isEqualTo("script(drills/scripts/dr-drill.sh in postgres)");
        assertThat(step.outcome()).isEqualTo("passed");
        assertThat(step.output())
                .contains("variables: ").contains("PGHOST=postgres").contains("PGPORT=5432").contains("PGPASSWORD=****")
                .contains("LEDGER_URL=http://ledger:8080")
                .contains("Backup completed: /tmp/firedrill-backups/ledger_full_")
                .contains("1. Restoring database to a fresh server")
                .containsPattern("entries: (4[2-9]|[5-9]\\d|\\d{3,}) rows")
                .contains("http://ledger:8080/health: HTTP/1.1 200")
                .contains("=== DR Drill Complete ===")
                .doesNotContain("ledger-secret")
                .contains("[exit 0 after ");
    }

    @Test
    void aWrongBackupFileNameFailsTheStepWithTheScriptsOwnMessage() {
        StepFailure failure = catchThrowableOfType(StepFailure.class,
                () -> DR_DRILL.withEnv("BACKUP_FILE", "/tmp/firedrill-backups/ledger_full_no-such-day.sql.gz").run(stack));

        assertThat(failure.getMessage()).contains("script(drills/scripts/dr-drill.sh in postgres) exited 2")
                .contains("dr-drill: backup file /tmp/firedrill-backups/ledger_full_no-such-day.sql.gz not found");
        assertThat(failure.output()).contains("=== Disaster Recovery Drill ===");
    }

    @Test
    void aScriptPastItsBoundIsKilledInsideTheContainer(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) throws Exception {
        java.nio.file.Path script = folder.resolve("hangs.sh");
        java.nio.file.Files.writeString(script, "echo waiting\nsleep 487 &\nwait\n");

        StepFailure failure = catchThrowableOfType(StepFailure.class,
                () -> Recoveries.script(script.toString()).in("postgres").within(Duration.ofSeconds(2)).run(stack));

        assertThat(failure.getMessage()).contains("was still running at its bound of PT2S and was killed").contains("waiting");
        var left = stack.commands().exec("postgres", "sh", "-c", "cat /proc/[0-9]*/cmdline 2>/dev/null | tr '\\0' ' ' | grep -c 'sleep 48[7]' || true");
        assertThat(left.stdout().strip()).as("no sleep left in the container").isEqualTo("0");
    }
}
