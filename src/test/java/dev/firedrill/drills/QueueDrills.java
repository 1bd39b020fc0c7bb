package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.Phase;
import dev.firedrill.fault.CpuBurnFault;
import dev.firedrill.fault.JobFloodFault;
import dev.firedrill.measure.JobLatencyProbe;
import dev.firedrill.measure.Probes;
import dev.firedrill.measure.Slos;
import dev.firedrill.recovery.ScaleOut;

import java.util.Optional;

import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

/**
 * D24, the solver's queue backlog of runbook 004 §Scenario 3, and its can-fail variant, as Java {@link Drill} values: the
 * Java form of drills/D24-queue-backlog.yml and drills/D24-queue-backlog-no-scale-out.yml (DrillFilesTest). They run on
 * drills/stacks/queue.yml, one worker to start with.
 */
public final class QueueDrills {

    /** Rounds of SHA-256 per job: about 20 ms of an idle core, 80 ms of the worker's quarter-core quota. */
    static final int JOB_SIZE = 20_000;

    private QueueDrills() {
    }

    /**
     * D24: the worker slowed (two stress-ng workers in its quarter-core cgroup) while 300 jobs arrive, so the queue passes 100
     * and jobs miss their 10 s SLO; the workers scaled out to 3; the queue drains below 100 within 40 s of the recovery's
     * start, jobs are back within their SLO, and every job ran exactly once (results store and Redis).
     */
    public static Drill d24() {
        return Drill.builder("D24", "Solver timeout / queue backlog")
                .suites("load")
                .runbook("004 §Scenario 3")
                .probe(Probes.queueDepth(100)).probe(new JobLatencyProbe(JobLatencyProbe.PATH, "ledger", 8080, JOB_SIZE, ofSeconds(1), ofSeconds(10)))
                .fault(new CpuBurnFault("worker", 2, 100, Optional.empty()))
                .fault(new JobFloodFault("ledger", 300, JOB_SIZE, "redis"))
                .recovery(new ScaleOut("worker", 3, Optional.empty()))
                .afterWindow(ofSeconds(10))
                .objective(Slos.outageExpected("queue")).objective(Slos.outageExpected("job"))
                .objective(Slos.ttr("queue", ofSeconds(40)))
                .objective(Slos.ttr("job", ofSeconds(60)))
                .objective(Slos.latencyPercentileBelow("job", Phase.AFTER, 95, ofSeconds(5)))
                .objective(Slos.jobsExactlyOnce("postgres", "redis", "celery", ofMinutes(2)))
                .build();
    }

    /** D24 without the scale-out: the slowed worker alone keeps the queue above 100 past the 20 s budget; it must miss ttr(queue). */
    public static Drill d24WithoutScaleOut() {
        return d24().toBuilder().id("D24-no-scale-out").title("Solver timeout / queue backlog, workers not scaled out")
                .withoutRecovery().recoveryBudget(FirstAidDrills.CAN_FAIL_RECOVERY_BUDGET).expectFailure("ttr(queue)").build();
    }
}
