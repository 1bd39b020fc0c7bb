package dev.firedrill.recovery;

import dev.firedrill.HarnessClock;
import dev.firedrill.Marker;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Probe;
import dev.firedrill.Timeline;
import dev.firedrill.TimelineEvent;
import dev.firedrill.measure.Measurements;
import dev.firedrill.measure.Slos;
import dev.firedrill.measure.SystemAudit;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * system-backup, restore-system and system-consistent on the whole-system stack (real PostgreSQL, Redis, the service with
 * its receipts on a named volume): entries written before the set come back in all three parts, entries written after it
 * are gone from all three when every part is restored, and left in Redis when it is not, which the objective names.
 */
@Timeout(240)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SystemRestoreIT {

    private static Stack stack;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startStack() {
        stack = Stack.start(StackDefinition.load(ProjectFiles.root().resolve("drills/stacks/whole-system.yml")));
    }

    @AfterAll
    static void closeStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void restoringWithoutASetIsAnErrorNamingTheStepAndStopsNothing() {
        assertThatThrownBy(() -> Recoveries.restoreSystem("ledger").run(stack))
                .hasMessageContaining("restore system(ledger): step 'find the backup set' failed")
                .hasMessageContaining("no backup set of 'ledger'").hasMessageContaining("system-backup");
        assertThat(stack.processes().isRunning("ledger")).isTrue();
    }

    @Test
    @Order(2)
    void theWholeSetRestoredIsConsistentAndRedisLeftAsItWasIsNot() throws Exception {
        for (int i = 1; i <= 20; i++) {
            assertThat(post("before-" + i)).isEqualTo(201);
        }
        Timeline timeline = new Timeline(HarnessClock.system());
        String set = Backups.system("ledger").run(stack, timeline);
        assertThat(set).contains("set system-").contains(".dump").contains(".rdb").contains("ledger-files-").contains("20 files");
        assertThat(timeline.first(Marker.RECOVERY_POINT)).isPresent();
        assertThat(post("after-1")).as("writes resumed after the set").isEqualTo(201);
        for (int i = 2; i <= 10; i++) {
            post("after-" + i);
        }

        // Only the database and the files: Redis keeps the ten entries cached since the point.
        String partial = Recoveries.restoreSystem("ledger", "postgres", "redis", 0, List.of("database", "files")).run(stack, timeline);
        assertThat(partial).contains("row counts verified").contains("(20 files)").doesNotContain("keys");
        ObjectiveResult inconsistent = judge(timeline);
        assertThat(inconsistent.passed()).as(inconsistent.message()).isFalse();
        SystemAudit found = audit(timeline);
        assertThat(found.cachedMissing()).isEqualTo(10);
        assertThat(found.newerCache()).isEqualTo(10);
        assertThat(found.receipts()).isEqualTo(20);
        assertThat(found.newerFiles() + found.newerDatabase() + found.receiptsMissing()).isZero();
        assertThat(get("after-1")).as("the service serves the lost entry from its cache").isEqualTo(200);

        // The whole set: the survivor rolled back too.
        String whole = Recoveries.restoreSystem("ledger").run(stack, timeline);
        assertThat(whole).containsPattern("loaded \\d+ keys").contains("(20 files)");
        ObjectiveResult consistent = judge(timeline);
        assertThat(consistent.passed()).as(consistent.message()).isTrue();
        assertThat(audit(timeline).cached()).isEqualTo(20);
        assertThat(get("after-1")).isEqualTo(404);
        assertThat(get("before-20")).isEqualTo(200);
    }

    /** Runs the objective's audit on the stack now and judges it. */
    private static ObjectiveResult judge(Timeline timeline) {
        Objective objective = Slos.systemConsistent();
        Probe.Running audit = objective.probes().get(0).apply(stack).start(timeline);
        audit.close();
        return objective.judge(Measurements.compute(timeline, null));
    }

    private static SystemAudit audit(Timeline timeline) {
        String note = timeline.events().stream().filter(e -> e.kind().equals("system-audit")).map(TimelineEvent::detail)
                .reduce((first, last) -> last).orElseThrow();
        return SystemAudit.parse(note).orElseThrow(() -> new AssertionError(note));
    }

    private static int post(String id) throws Exception {
        URI uri = URI.create(stack.endpoint("ledger", 8080).httpUri() + "entries");
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"" + id + "\", \"account\": \"acc-1\", \"amount\": 1}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static int get(String id) throws Exception {
        URI uri = URI.create(stack.endpoint("ledger", 8080).httpUri() + "entries/" + id);
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }
}
