package dev.firedrill.measure;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.ManualClock;
import dev.firedrill.Observation;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Timeline;
import dev.firedrill.access.ServiceJobs;
import dev.firedrill.fault.JobFloodFault;
import dev.firedrill.kind.Args;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.Kinds;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The queue's kinds (queue-depth, job-latency, jobs-exactly-once, job-flood): parsing, checks and judging, acting on nothing. */
class QueueKindsTest {

    private static Object build(KindDescriptor.Category category, String kind, Map<String, Object> args) {
        KindDescriptor<?> descriptor = Kinds.onClasspath().get(category, kind);
        Map<String, Object> withDefaults = new HashMap<>(args);
        descriptor.params().forEach(p -> withDefaults.putIfAbsent(p.name(), p.defaultValue()));
        return descriptor.build(new Args(withDefaults));
    }

    @Test
    void probesAsADrillFileWritesThem() {
        assertThat(build(KindDescriptor.Category.PROBE, "queue-depth", Map.of("below", 100)))
                .isEqualTo(new QueueDepthProbe("queue", "redis", "celery", 100)).isEqualTo(Probes.queueDepth(100));
        assertThat(build(KindDescriptor.Category.PROBE, "job-latency", Map.of("every", Duration.ofSeconds(1), "timeout", Duration.ofSeconds(10))))
                .isEqualTo(Probes.jobLatency(Duration.ofSeconds(1), Duration.ofSeconds(10)));
        assertThat(build(KindDescriptor.Category.OBJECTIVE, "jobs-exactly-once", Map.of())).isEqualTo(Slos.jobsExactlyOnce());
    }

    @Test
    void badParametersAreRefusedSayingWhatIsValid() {
        assertThatThrownBy(() -> new QueueDepthProbe("queue", "redis", "celery", 0)).hasMessageContaining("below must be at least 1");
        assertThatThrownBy(() -> new QueueDepthProbe("queue", "redis", " ", 10)).hasMessageContaining("e.g. celery");
        assertThatThrownBy(() -> new JobLatencyProbe("job", "ledger", 8080, 0, Duration.ofSeconds(1), Duration.ofSeconds(10)))
                .hasMessageContaining("size must be at least 1");
        assertThatThrownBy(() -> new JobLatencyProbe("job", "ledger", 8080, 10, Duration.ofMillis(10), Duration.ofSeconds(10)))
                .hasMessageContaining("every must be at least 100 ms");
        assertThatThrownBy(() -> new JobLatencyProbe("job", "ledger", 8080, 10, Duration.ofSeconds(5), Duration.ofSeconds(1)))
                .hasMessageContaining("timeout must be at least every");
        assertThatThrownBy(() -> build(KindDescriptor.Category.FAULT, "job-flood", Map.of("target", "ledger", "jobs", 0)))
                .hasMessageContaining("jobs must be 1 .. 100000, got 0");
        assertThatThrownBy(() -> new JobFloodFault("ledger", 10, 0, "redis")).hasMessageContaining("size must be 1 .. 10000000");
        assertThat(build(KindDescriptor.Category.FAULT, "job-flood", Map.of("target", "ledger", "jobs", 300)))
                .isEqualTo(dev.firedrill.fault.Faults.jobFlood("ledger", 300));
    }

    @Test
    void theDepthIsReadBackFromAnObservation() {
        ManualClock clock = new ManualClock();
        assertThat(QueueDepthProbe.depthOf(new Observation("queue", clock.now(), Duration.ZERO, false, "depth 271"))).isEqualTo(271);
        assertThat(QueueDepthProbe.depthOf(new Observation("queue", clock.now(), Duration.ZERO, false, "JedisConnectionException"))).isEqualTo(-1);
    }

    @Test
    void theAuditNoteReadsBack() {
        ServiceJobs.Audit audit = new ServiceJobs.Audit(361, 361, 0, 0, 361, 0, 0);
        assertThat(ServiceJobs.Audit.parse(audit.text())).contains(audit);
        assertThat(ServiceJobs.Audit.parse("unreadable: SQLException")).isEmpty();
        assertThat(audit.exactlyOnce()).isTrue();
        assertThat(new ServiceJobs.Audit(0, 0, 0, 0, 0, 0, 0).exactlyOnce()).as("no job: nothing shown").isFalse();
        assertThat(new ServiceJobs.Audit(5, 5, 0, 0, 5, 0, 1).exactlyOnce()).as("one left unacknowledged").isFalse();
    }

    @Test
    void theObjectiveJudgesTheAuditNoteAndNamesWhatWentWrong() {
        assertThat(judge("jobs=10 completed=10 never-ran=0 duplicated=0 executions=10 queued=0 unacked=0").passed()).isTrue();
        ObjectiveResult twice = judge("jobs=10 completed=10 never-ran=0 duplicated=2 executions=12 queued=0 unacked=0");
        assertThat(twice.passed()).isFalse();
        assertThat(twice.measured()).isEqualTo("10 of 10 ran, 0 never, 2 more than once");
        assertThat(twice.message()).contains("2 job(s) done more than once (2 extra execution(s))");
        ObjectiveResult lost = judge("jobs=10 completed=9 never-ran=1 duplicated=0 executions=9 queued=0 unacked=0");
        assertThat(lost.message()).contains("1 job(s) lost (accepted, never ran, not queued)");
        ObjectiveResult backlog = judge("jobs=10 completed=4 never-ran=6 duplicated=0 executions=4 queued=5 unacked=1 (not settled within 60 s)");
        assertThat(backlog.passed()).isFalse();
        assertThat(backlog.message()).contains("6 job(s) not run yet").contains("the queue still holds 5, unacknowledged 1");
        ObjectiveResult none = judge("jobs=0 completed=0 never-ran=0 duplicated=0 executions=0 queued=0 unacked=0");
        assertThat(none.passed()).isFalse();
        assertThat(none.message()).contains("no job was enqueued");
        ObjectiveResult unread = judge(null);
        assertThat(unread.passed()).isFalse();
        assertThat(unread.message()).contains("the job audit did not run");
    }

    private static ObjectiveResult judge(String note) {
        Timeline timeline = new Timeline(new ManualClock());
        if (note != null) {
            timeline.note(JobAudit.NOTE, note);
        }
        return Slos.jobsExactlyOnce().judge(DrillMeasurements.empty(timeline));
    }
}
