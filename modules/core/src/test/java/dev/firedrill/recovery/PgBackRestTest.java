package dev.firedrill.recovery;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static java.time.Duration.ofHours;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pgBackRest's kinds: their settings, the commands they run, and how they read pgBackRest's and pg_waldump's answers (the run: PgBackRestIT, D27). */
class PgBackRestTest {

    private static PgBackRestSchedule schedule(int backups, String then, int fullEvery, int retention) {
        return new PgBackRestSchedule("postgres", ofSeconds(20), ofHours(24), backups, then, fullEvery, retention, ofSeconds(2));
    }

    @Test
    void runsAFullBackupFirstThenItsTypeAndAFullOneEveryFullEveryRuns() {
        PgBackRestSchedule daily = schedule(3, "diff", 0, 2);
        assertThat(List.of(daily.typeOf(0), daily.typeOf(1), daily.typeOf(2))).containsExactly("full", "diff", "diff");
        PgBackRestSchedule weekly = schedule(5, "incr", 2, 1);
        assertThat(List.of(weekly.typeOf(0), weekly.typeOf(1), weekly.typeOf(2), weekly.typeOf(3), weekly.typeOf(4)))
                .containsExactly("full", "incr", "full", "incr", "full");
        assertThat(weekly.backupCommand("ledger", 1))
                .containsExactly("pgbackrest", "--stanza=ledger", "--type=incr", "--repo1-retention-full=1", "backup");
        assertThat(daily.scale()).isEqualTo("1:4320");
        assertThat(daily.name()).isEqualTo("pgbackrest schedule(postgres, every 20 s standing for 24 h)");
        assertThat(PgBackRest.command("ledger", "stanza-create")).containsExactly("pgbackrest", "--stanza=ledger", "stanza-create");
    }

    @Test
    void refusesSettingsThatCannotBeAScheduleSayingWhatIsValid() {
        assertThatThrownBy(() -> new PgBackRestSchedule("postgres", ofSeconds(2), ofHours(24), 2, "diff", 0, 2, ofSeconds(1)))
                .hasMessageContaining("every must be at least 5s");
        assertThatThrownBy(() -> new PgBackRestSchedule("postgres", ofSeconds(20), ofSeconds(10), 2, "diff", 0, 2, ofSeconds(1)))
                .hasMessageContaining("stands-for").hasMessageContaining("at least every");
        assertThatThrownBy(() -> schedule(0, "diff", 0, 2)).hasMessageContaining("backups must be 1 .. 20, got 0");
        assertThatThrownBy(() -> schedule(2, "full", 0, 2))
                .hasMessageContaining("then (the type of the backups after a full one) must be one of [diff, incr], got 'full'");
        assertThatThrownBy(() -> schedule(2, "diff", -1, 2)).hasMessageContaining("full-every must be 0");
        assertThatThrownBy(() -> schedule(2, "diff", 0, 0)).hasMessageContaining("retention-full (repo1-retention-full");
        assertThatThrownBy(() -> new PgBackRestSchedule("postgres", ofSeconds(20), ofHours(24), 2, "diff", 0, 2, ofSeconds(20)))
                .hasMessageContaining("fault-before-next must be from 0s to less than every");
        assertThatThrownBy(() -> new PgBackRestRestore("postgres", "time"))
                .hasMessageContaining("type must be one of [default, immediate]").hasMessageContaining("got 'time'");
        assertThatThrownBy(() -> new PgBackRestRestore(" ", "default")).hasMessageContaining("names the PostgreSQL service");
    }

    @Test
    void readsTheStanzaFromTheArchiveCommandAndRefusesOneThatDoesNotPushWithPgBackRest() {
        assertThat(PgBackRest.stanzaOf("pgbackrest --stanza=ledger archive-push %p")).isEqualTo("ledger");
        assertThat(PgBackRest.stanzaOf("pgbackrest --stanza main archive-push %p")).isEqualTo("main");
        assertThatThrownBy(() -> PgBackRest.stanzaOf("cp %p /wal-archive/%f"))
                .hasMessageContaining("does not push WAL with pgBackRest").hasMessageContaining("'cp %p /wal-archive/%f'");
        assertThatThrownBy(() -> PgBackRest.stanzaOf("(disabled)")).hasMessageContaining("does not push WAL with pgBackRest");
        assertThatThrownBy(() -> PgBackRest.stanzaOf("pgbackrest archive-push %p")).hasMessageContaining("names no stanza");
    }

    @Test
    void readsPgBackRestsInfo() {
        String json = """
                [{"archive":[{"database":{"id":1,"repo-key":1},"id":"15-1","max":"000000010000000000000007","min":"000000010000000000000001"}],
                  "backup":[{"label":"20261208-011931F","type":"full"},{"label":"20261208-011931F_20261208-011937D","type":"diff"}],
                  "name":"ledger","status":{"code":0,"message":"ok"}}]
                """;
        List<PgBackRest.Info> stanzas = PgBackRest.parseInfo(json);
        assertThat(stanzas).singleElement().satisfies(info -> {
            assertThat(info.stanza()).isEqualTo("ledger");
            assertThat(info.archiveMax()).isEqualTo("000000010000000000000007");
            assertThat(info.fulls()).isEqualTo(1);
            assertThat(info.backups()).extracting(PgBackRest.BackupSet::type).containsExactly("full", "diff");
        });
        assertThatThrownBy(() -> PgBackRest.parseInfo("ERROR: [055]: unable to load info file")).hasMessageContaining("did not answer JSON");
    }

    @Test
    void findsTheLastCommitOfAWalDumpAndWhenTheNewestSegmentWasPushed() {
        String output = """
                restore backup set 20261208-011931F_20261208-011937D
                SEGMENT 000000010000000000000007 1796692788.6562074660
                WALDUMP COMMIT 2026-12-08 01:19:45.989873 UTC
                """;
        PgBackRestRestore.Archive archive = PgBackRestRestore.Archive.parse(output);
        assertThat(archive.segment()).isEqualTo("000000010000000000000007");
        assertThat(archive.pushedAt()).isEqualTo(Instant.parse("2026-12-08T01:19:48.656207466Z"));
        assertThat(archive.lastCommit()).contains(Instant.parse("2026-12-08T01:19:45.989873Z"));
        assertThat(PgBackRest.lastCommit("COMMIT 2026-12-08 01:19:45.98 UTC; x COMMIT 2026-12-08 01:19:46 UTC"))
                .contains(Instant.parse("2026-12-08T01:19:46Z"));
        assertThat(PgBackRest.lastCommit("rmgr: Heap len (rec/tot): 54/54, desc: INSERT off 3")).isEmpty();
        assertThatThrownBy(() -> PgBackRestRestore.Archive.parse("the repository holds no archived WAL segment of stanza ledger"))
                .hasMessageContaining("lists no archived WAL segment");
    }
}
