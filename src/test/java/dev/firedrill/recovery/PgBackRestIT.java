package dev.firedrill.recovery;

import dev.firedrill.HarnessClock;
import dev.firedrill.Marker;
import dev.firedrill.Timeline;
import dev.firedrill.TimelineEvent;
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
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The building blocks of D27 on a real engine (drills/stacks/pgbackrest.yml, images/pgbackrest): WAL pushed by
 * {@code pgbackrest archive-push} from the server's start; {@code stanza-create}, {@code check} and scheduled backups with
 * their retention; the server and its data volume destroyed, the repository kept; {@code pgbackrest restore} of the whole
 * archive holds exactly what was archived, nothing after; {@code --type=immediate} exactly what the backup held.
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PgBackRestIT {

    private static Stack stack;

    @BeforeAll
    static void startStack() {
        stack = Stack.start(StackDefinition.load(ProjectFiles.root().resolve("drills/stacks/pgbackrest.yml")).only("postgres"));
    }

    @AfterAll
    static void closeStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void restoringARepositoryWithoutAStanzaIsAnErrorNamingTheStepAndLeavesTheServer() {
        assertThatThrownBy(() -> Recoveries.pgBackRestRestore("postgres").run(stack))
                .hasMessageContaining("pgbackrest restore(postgres): step 'pgbackrest info' failed")
                .hasMessageContaining("exactly one stanza to restore, it holds []");
        assertThat(stack.processes().isRunning("postgres")).as("nothing was destroyed").isTrue();
    }

    @Test
    @Order(2)
    void backsUpOnScheduleKeepsTheRetentionAndRestoresExactlyWhatTheArchiveHeld() throws Exception {
        sql("CREATE TABLE items(id int primary key)");
        sql("INSERT INTO items SELECT generate_series(1, 100)");
        Timeline timeline = new Timeline(HarnessClock.system());

        // full, diff, full: repo1-retention-full 1 expires the first full backup and its diff after the third run.
        String scheduled = new PgBackRestSchedule("postgres", Duration.ofSeconds(5), Duration.ofHours(24), 3, "diff", 2, 1,
                Duration.ofSeconds(4)).run(stack, timeline);
        assertThat(scheduled).contains("stanza ledger (archive_command 'pgbackrest --stanza=ledger archive-push %p', archive_timeout 5s)")
                .contains("successfully archived").contains("3 backups every 5 s").contains("repo1-retention-full 1");
        assertThat(scheduled.lines().filter(l -> l.strip().startsWith("full ") || l.strip().startsWith("diff ")).toList())
                .hasSize(3).last().asString().contains("the repository holds [full ").doesNotContain("diff");

        sql("INSERT INTO items SELECT generate_series(101, 150)");   // after the backup: only in the archive
        try (Connection c = PostgresLogin.of(stack, "postgres").connect(stack, "postgres"); Statement s = c.createStatement()) {
            WalArchive.Archived archived = WalArchive.switchAndAwaitArchived(s);
            assertThat(archived.archiver()).as("archive-push seen by the server").contains(", 0 failures");
        }
        sql("INSERT INTO items SELECT generate_series(151, 160)");   // acknowledged, not yet archived: lost with the server
        Faults.destroy("postgres").inject(stack);
        timeline.mark(Marker.DISRUPTION, "destroy(postgres)");

        String restored = Recoveries.pgBackRestRestore("postgres").run(stack, timeline);

        assertThat(restored).contains("--type=default").contains("restore backup set").contains("a primary");
        assertThat(query("SELECT count(*) FROM items")).as("every row archived").isEqualTo("150");
        assertThat(query("SELECT max(id) FROM items")).as("nothing after the archive").isEqualTo("150");
        assertThat(timeline.first(Marker.RECOVERY_POINT)).isPresent();
        assertThat(timeline.first(Marker.RECOVERY_POINT).orElseThrow()).isLessThan(timeline.first(Marker.DISRUPTION).orElseThrow());
        assertThat(timeline.events()).filteredOn(e -> e.kind().equals(PgBackRestRestore.LAG_NOTE)).singleElement()
                .extracting(TimelineEvent::detail).asString().contains("archive lag at the disruption").contains("since its last commit");
        sql("INSERT INTO items VALUES (1000)");   // a primary again
    }

    @Test
    @Order(3)
    void theBackupRestoredAloneHoldsOnlyWhatTheBackupHeld() throws Exception {
        Faults.destroy("postgres").inject(stack);

        String restored = Recoveries.pgBackRestRestoreBackupAlone("postgres").run(stack);

        assertThat(restored).contains("--type=immediate").contains("a primary");
        assertThat(query("SELECT count(*) FROM items")).as("the rows of the last backup only").isEqualTo("100");
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = PostgresLogin.of(stack, "postgres").connect(stack, "postgres"); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static String query(String query) throws SQLException {
        try (Connection c = PostgresLogin.of(stack, "postgres").connect(stack, "postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
