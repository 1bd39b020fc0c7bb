package dev.firedrill.recovery;

import dev.firedrill.HarnessClock;
import dev.firedrill.Marker;
import dev.firedrill.Timeline;
import dev.firedrill.fault.Faults;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The building block of D10 on a real engine: WAL archived from the server's start, a base backup,
 * rows written, the recovery target marked, a bad migration, more rows; the point-in-time restore into
 * the fresh server {@code postgres-pitr} holds exactly what was committed before the target.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PointInTimeRecoveryIT {

    private static Stack stack;

    @BeforeAll
    static void startStack() {
        stack = Stack.start(StackDefinition.load(ProjectFiles.root().resolve("docker-compose.pitr.yml"))
                .only("postgres", "postgres-pitr"));
    }

    @AfterAll
    static void closeStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void restoringWithoutARecordedTargetIsAnErrorNamingTheStep() {
        assertThatThrownBy(() -> Recoveries.restoreToRecoveryPoint("postgres", "postgres-pitr").run(stack))
                .hasMessageContaining("point-in-time restore(postgres into postgres-pitr): step 'read the recovery target' failed")
                .hasMessageContaining("Backups.recoveryTarget(\"postgres\")");
        assertThat(stack.processes().isRunning("postgres")).as("nothing was stopped").isTrue();
    }

    @Test
    @Order(2)
    void restoresEverythingCommittedBeforeTheTargetAndNothingAfter() throws Exception {
        sql("postgres", "CREATE TABLE items(id int primary key)");
        sql("postgres", "INSERT INTO items SELECT generate_series(1, 100)");
        Timeline timeline = new Timeline(HarnessClock.system());

        String base = Backups.base("postgres").run(stack, timeline);
        sql("postgres", "INSERT INTO items SELECT generate_series(101, 150)");   // only in the archive
        String target = Backups.recoveryTarget("postgres").run(stack, timeline);
        Faults.badMigration("postgres", "items", "id % 2 = 0").inject(stack);
        sql("postgres", "INSERT INTO items SELECT generate_series(151, 170)");   // after the target
        assertThat(query("postgres", "SELECT count(*) FROM items")).isEqualTo("95");

        String restored = Recoveries.restoreToRecoveryPoint("postgres", "postgres-pitr").run(stack);
        String repointed = Recoveries.repoint("postgres", "postgres-pitr", 5432).run(stack);

        assertThat(base).contains("base backup postgres-base-").contains("WAL archiving works");
        assertThat(target).contains("recovery_target_time");
        assertThat(timeline.first(Marker.RECOVERY_POINT)).isPresent();
        assertThat(restored).contains("restored from postgres-base-").contains("WAL replay").contains("promoted");
        assertThat(repointed).contains("postgres-pitr:5432");
        assertThat(stack.processes().isRunning("postgres")).as("the damaged server was taken out of service").isFalse();
        assertThat(query("postgres", "SELECT pg_is_in_recovery()")).as("through the postgres proxy: the restored primary").isEqualTo("f");
        assertThat(query("postgres", "SELECT count(*) FROM items")).as("every row committed before the target").isEqualTo("150");
        assertThat(query("postgres", "SELECT max(id) FROM items")).as("nothing committed after it").isEqualTo("150");
        sql("postgres", "INSERT INTO items VALUES (1000)");
    }

    private static void sql(String service, String statement) throws SQLException {
        try (Connection c = PostgresLogin.of(stack, service).connect(stack, service); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static String query(String service, String query) throws SQLException {
        try (Connection c = PostgresLogin.of(stack, service).connect(stack, service); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
