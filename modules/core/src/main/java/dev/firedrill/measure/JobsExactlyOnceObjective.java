package dev.firedrill.measure;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Probe;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimelineEvent;
import dev.firedrill.access.ServiceJobs;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Objective {@code jobs-exactly-once}: every job the service accepted during the drill (recorded in its table
 * {@code jobs}) ran exactly once (one row in {@code job_executions}), and nothing is left in the queue or
 * unacknowledged in Redis. Judged on what the results store and the queue hold when the drill ends ({@link JobAudit}),
 * not on the harness's own counts: a job lost (never ran, queue empty), a job done twice, or a backlog that never
 * drained, each misses it and is named.
 */
record JobsExactlyOnceObjective(JobAudit audit) implements Objective {

    static final Duration DEFAULT_SETTLE = Duration.ofSeconds(60);

    @Override
    public String name() {
        return "jobs-exactly-once";
    }

    @Override
    public String describe() {
        return "every job the service accepted ran exactly once; queue '" + audit.queue() + "' empty, nothing unacknowledged";
    }

    @Override
    public List<Function<SystemUnderTest, Probe>> probes() {
        return List.of(audit);
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        Optional<String> note = m.timeline().events().stream().filter(e -> JobAudit.NOTE.equals(e.kind()))
                .map(TimelineEvent::detail).reduce((first, last) -> last);
        Optional<ServiceJobs.Audit> read = note.flatMap(ServiceJobs.Audit::parse);
        if (read.isEmpty()) {
            return ObjectiveMessages.notMeasured(name(), "Jobs run exactly once", null, "=", "1 execution per job",
                    "1 execution per job", "jobs", note.map(n -> "the audit " + n).orElse("the job audit did not run"));
        }
        ServiceJobs.Audit a = read.get();
        String measured = a.completed() + " of " + a.jobs() + " ran, " + a.neverRan() + " never, " + a.duplicated() + " more than once";
        StringBuilder why = new StringBuilder(a.text());
        if (a.jobs() == 0) {
            why.append(": no job was enqueued during the drill, so nothing shows they run exactly once");
        }
        if (a.neverRan() > 0) {
            why.append(a.queued() == 0 && a.unacked() == 0 ? ": " + a.neverRan() + " job(s) lost (accepted, never ran, not queued)"
                    : ": " + a.neverRan() + " job(s) not run yet");
        }
        if (a.duplicated() > 0) {
            why.append(": ").append(a.duplicated()).append(" job(s) done more than once (").append(a.executions() - a.completed())
                    .append(" extra execution(s))");
        }
        if (a.queued() > 0 || a.unacked() > 0) {
            why.append(": the queue still holds ").append(a.queued()).append(", unacknowledged ").append(a.unacked());
        }
        return new ObjectiveResult(name(), null, "1 execution per job", measured, "jobs", a.exactlyOnce(), why.toString());
    }
}
