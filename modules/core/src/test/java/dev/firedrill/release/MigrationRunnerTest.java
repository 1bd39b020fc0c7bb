package dev.firedrill.release;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading alembic's output: the current revision among log lines, the error line, the history's links. */
class MigrationRunnerTest {

    @Test
    void theCurrentRevisionIsTheLineThatIsARevisionAndBaseWhenThereIsNone() {
        String log = "INFO  [alembic.runtime.migration] Context impl PostgresqlImpl.\n"
                + "INFO  [alembic.runtime.migration] Will assume transactional DDL.\n";
        assertThat(MigrationRunner.revisionIn(log + "0004 (head)\n")).isEqualTo("0004");
        assertThat(MigrationRunner.revisionIn(log + "0002\n")).isEqualTo("0002");
        assertThat(MigrationRunner.revisionIn(log)).isEqualTo(MigrationRunner.BASE);
    }

    @Test
    void theErrorIsAlembicsFailedLineOrTheExceptionOrElseTheLastLine() {
        assertThat(MigrationRunner.error("INFO  x\n  FAILED: Can't locate revision identified by '9999'\n"))
                .isEqualTo("FAILED: Can't locate revision identified by '9999'");
        assertThat(MigrationRunner.error("Traceback (most recent call last):\n  File \"x\"\n"
                + "sqlalchemy.exc.ProgrammingError: (psycopg2.errors.UndefinedColumn) column \"created_at\" does not exist\n"
                + "[SQL: ALTER TABLE entries DROP COLUMN created_at]\n"))
                .isEqualTo("sqlalchemy.exc.ProgrammingError: (psycopg2.errors.UndefinedColumn) column \"created_at\" does not exist");
        assertThat(MigrationRunner.error("DATABASE_URL is not set\n")).isEqualTo("DATABASE_URL is not set");
        assertThat(MigrationRunner.tail("a\nb\nc\n", 2)).isEqualTo("b\nc");
    }

    @Test
    void theHistoryTellsWhichWayARevisionLies() {
        MigrationHistory history = MigrationHistory.parse("""
                0003 -> 0004 (head), Drops the column
                0002 -> 0003, Adds the index
                0001 -> 0002, Adds the column `currency`, with a default
                <base> -> 0001, Baseline
                """);
        assertThat(history.directionTo("0002", "0004")).isEqualTo(MigrationTarget.Direction.DOWNGRADE);
        assertThat(history.directionTo("0001", "0002")).isEqualTo(MigrationTarget.Direction.DOWNGRADE);
        assertThat(history.directionTo("0004", "0002")).isEqualTo(MigrationTarget.Direction.UPGRADE);
        assertThat(history.directionTo("0002", MigrationRunner.BASE)).isEqualTo(MigrationTarget.Direction.UPGRADE);
        assertThat(history.directionTo("9999", "0004")).as("unknown: alembic says so").isEqualTo(MigrationTarget.Direction.UPGRADE);
    }
}
