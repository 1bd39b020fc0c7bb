package dev.firedrill.journal;

import dev.firedrill.Leftover;
import dev.firedrill.Owner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultJournalTest {

    @TempDir
    Path project;

    private Path folder() {
        return Leftovers.folderOf(project);
    }

    @Test
    void eachLeftoverIsOnDiskBeforeTheFaultActsAndANormalEndDeletesTheJournal() throws Exception {
        FaultJournal journal = FaultJournal.open(folder(), "run-1", Duration.ofSeconds(15));
        String id = journal.willLeave("idleSessions(pg, 2 sessions)", Leftover.endsWithJvm("its sessions close with the JVM"));

        FaultJournal.Contents onDisk = FaultJournal.Contents.read(journal.file());
        assertThat(onDisk.owner()).isEqualTo(Owner.current().label());
        assertThat(onDisk.run()).isEqualTo("run-1");
        assertThat(onDisk.outstanding()).singleElement().satisfies(e -> {
            assertThat(e.fault()).isEqualTo("idleSessions(pg, 2 sessions)");
            assertThat(e.leftover().type()).isEqualTo(Leftover.ENDS_WITH_JVM);
        });

        journal.undone(List.of(id));
        assertThat(FaultJournal.Contents.read(journal.file()).outstanding()).isEmpty();
        journal.close();
        assertThat(journal.file()).doesNotExist();
    }

    @Test
    void aJournalWithAnUndoNotSeenIsKeptForTheNextStart() {
        FaultJournal journal = FaultJournal.open(folder(), "run-2", Duration.ofSeconds(15));
        journal.willLeave("badMigration(pg)", Leftover.byHand("restore the rows"));
        journal.close();

        assertThat(journal.file()).exists();
    }

    @Test
    void theNextStartReportsWhatADeadRunLeftAndNeverTouchesALiveRunsJournal() throws Exception {
        Files.createDirectories(folder());
        Path dead = folder().resolve("dead.journal");
        Files.writeString(dead, String.join("\n",
                "{\"event\":\"opened\",\"owner\":\"" + Owner.hostId() + ":2147483646:1\",\"run\":\"run-dead\",\"at\":\"2026-12-07T06:00:00Z\"}",
                "{\"event\":\"will-leave\",\"id\":\"1\",\"fault\":\"idleInTransaction(pg, 2 sessions)\",\"leftover\":{\"type\":\"ends-with-jvm\",\"fields\":{\"how\":\"its sessions on pg close\"}}}",
                "{\"event\":\"will-leave\",\"id\":\"2\",\"fault\":\"pauseReplay(replica)\",\"leftover\":{\"type\":\"by-hand\",\"fields\":{\"how\":\"run SELECT pg_wal_replay_resume()\"}}}",
                "{\"event\":\"will-leave\",\"id\":\"3\",\"fault\":\"kill(x)\",\"leftover\":{\"type\":\"ends-with-jvm\",\"fields\":{\"how\":\"x\"}}}",
                "{\"event\":\"undone\",\"id\":\"3\"}",
                "{\"event\":\"will-leave\",\"id\":\"5\",\"fault\":\"partition(a from b)\",\"leftover\":{\"type\":\"with-stack\",\"fields\":{\"how\":\"the nft table firedrill_0a1b2c3d in a\"}}}",
                "{\"event\":\"will-leave\",\"id\":\"4\",\"fau"));   // the last line was cut short by the kill
        FaultJournal live = FaultJournal.open(folder(), "run-live", Duration.ofSeconds(15));
        live.willLeave("idleSessions(pg, 1 session)", Leftover.endsWithJvm("its session closes with the JVM"));
        ByteArrayOutputStream said = new ByteArrayOutputStream();

        List<Leftovers.Cleanup> cleanups = Leftovers.undoDead(project, new PrintStream(said, true, StandardCharsets.UTF_8));

        assertThat(cleanups).singleElement().satisfies(c -> {
            assertThat(c.run()).isEqualTo("run-dead");
            assertThat(c.lines()).containsExactly(
                    "idleInTransaction(pg, 2 sessions): ends with the JVM: its sessions on pg close",
                    "pauseReplay(replica): not undone by Firedrill: run SELECT pg_wal_replay_resume() (do it by hand)",
                    "partition(a from b): goes with the run's containers, which the next stack start sweeps: the nft table firedrill_0a1b2c3d in a");
            assertThat(c.failed()).isZero();
        });
        assertThat(said.toString(StandardCharsets.UTF_8)).startsWith("firedrill: run run-dead left 3 fault change(s) behind");
        assertThat(dead).doesNotExist();
        assertThat(live.file()).exists();
        live.close();
    }

    @Test
    void aLeftoverSaysWhereItIsOrIsRefused() {
        assertThat(Leftover.toxic(new dev.firedrill.Endpoint("127.0.0.1", 8474), "web", "t1").describe()).isEqualTo("toxic t1 on proxy web (http://127.0.0.1:8474)");
        assertThat(Leftover.proxyDisabled(new dev.firedrill.Endpoint("127.0.0.1", 8474), "web").api()).isEqualTo("http://127.0.0.1:8474");
        assertThatThrownBy(() -> new Leftover(Leftover.TOXIC, java.util.Map.of("api", "http://x", "proxy", "web")))
                .hasMessageContaining("a toxic leftover needs 'toxic'");
        assertThatThrownBy(() -> new Leftover("kill", java.util.Map.of())).hasMessageContaining("is not one of");
    }
}
