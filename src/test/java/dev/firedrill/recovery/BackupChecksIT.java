package dev.firedrill.recovery;

import dev.firedrill.HarnessClock;
import dev.firedrill.Observation;
import dev.firedrill.Probe;
import dev.firedrill.Timeline;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The backup job on a schedule and the standing checks of its store on a real engine: a second schedule on the same
 * backups volume counts what the first left for its retention, and {@code backup-age} and {@code retention} pass and
 * fail on what the volume holds.
 */
@Timeout(120)
class BackupChecksIT {

    private static Stack stack;

    @BeforeAll
    static void startStack() {
        stack = Stack.start(StackDefinition.load(ProjectFiles.referenceCompose()).only("postgres"));
    }

    @AfterAll
    static void closeStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theChecksReadTheScheduleTheRetentionAndTheAgeOfTheNewest() {
        Timeline timeline = new Timeline(HarnessClock.system());
        BackupSchedule twoKept = new BackupSchedule("postgres", Duration.ofSeconds(5), Duration.ofHours(24), 2, 2, Duration.ofSeconds(1), false);
        assertThat(twoKept.run(stack, timeline)).contains("the newest 2 kept");
        // A second schedule on the same volume (a drill after a drill): the two left count, so its first run keeps 2.
        assertThat(twoKept.run(stack, timeline)).contains("the newest 2 kept");
        assertThat(BackupChecks.entries(stack, "postgres")).hasSize(2);

        List<Observation> kept = observe(new BackupChecks.Retention("postgres", Duration.ofSeconds(1), 2), timeline);
        List<Observation> wrongKeep = observe(new BackupChecks.Retention("postgres", Duration.ofSeconds(1), 3), timeline);
        List<Observation> young = observe(new BackupChecks.Age("postgres", Duration.ofSeconds(1), Duration.ofMinutes(5)), timeline);
        List<Observation> stale = observe(new BackupChecks.Age("postgres", Duration.ofSeconds(1), Duration.ofSeconds(1)), timeline);

        assertThat(kept).allMatch(Observation::success);
        assertThat(kept.get(0).detail()).startsWith("2 kept (as newest postgres_full_");
        assertThat(wrongKeep).noneMatch(Observation::success);
        assertThat(wrongKeep.get(0).detail()).startsWith("2 kept (the retention says 3:");
        assertThat(young).allMatch(Observation::success);
        assertThat(stale).noneMatch(Observation::success);
        assertThat(stale.get(0).detail()).matches("postgres_full_\\d{8}_\\d{6}\\.sql\\.gz is \\d+ s old \\(not under 1 s\\)");
    }

    /** Runs the probe until it has answered twice; returns its answers. */
    private static List<Observation> observe(java.util.function.Function<dev.firedrill.SystemUnderTest, Probe> kind, Timeline timeline) {
        Probe probe = kind.apply(stack);
        int before = timeline.observations(probe.path()).size();
        try (Probe.Running running = probe.start(timeline)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> timeline.observations(probe.path()).size() >= before + 2);
        }
        List<Observation> all = timeline.observations(probe.path());
        return all.subList(before, all.size());
    }
}
