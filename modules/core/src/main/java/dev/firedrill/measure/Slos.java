package dev.firedrill.measure;

import dev.firedrill.Objective;
import dev.firedrill.Phase;
import java.time.Duration;
import java.util.Objects;

/**
 * Entry class of the objectives a drill is judged on. Each factory returns an immutable
 * {@link Objective} whose result message names the objective, the phase, the measured value and
 * the target.
 *
 * <p>Example: {@code List.of(Slos.rto("write", ofSeconds(45)), Slos.noAcknowledgedWritesLost(),
 * Slos.errorRateBelow("read", Phase.DURING, 0.01))}.
 */
public final class Slos {

    private Slos() {
    }

    /**
     * What must hold at every observation of {@code path} from the steady state to the end ({@code always}), or at its
     * last ({@code always} false); missed, the drill fails with the instants it broke ({@link InvariantObjective}).
     */
    public static Objective invariant(String path, boolean always) {
        return new InvariantObjective(path, always);
    }

    /** RTO of {@code path} (disruption → first success of the steady run after its last failure window) at most {@code budget}; never recovered misses it. */
    public static Objective rto(String path, Duration budget) {
        return new PathDurationObjective(PathDurationObjective.Kind.RTO, path, budget);
    }

    /** TTR of {@code path} (recovery-started → first success of the steady run after its last failure window) at most {@code budget}. */
    public static Objective ttr(String path, Duration budget) {
        return new PathDurationObjective(PathDurationObjective.Kind.TTR, path, budget);
    }

    /** The first failure on {@code path} seen within {@code budget} of the disruption. */
    public static Objective detectionWithin(String path, Duration budget) {
        return new PathDurationObjective(PathDurationObjective.Kind.DETECTION, path, budget);
    }

    /** No acknowledged write lost: {@code rpo_lost_writes + lost_after_disruption} = 0 (discarded writes of restore drills excepted). */
    public static Objective noAcknowledgedWritesLost() {
        return new LedgerObjective(LedgerObjective.Kind.LOST_WRITES, "no-acknowledged-writes-lost", 0, null);
    }

    /** At most {@code n} acknowledged writes lost before the disruption ({@code rpo_lost_writes}); any lost after it still fails. */
    public static Objective atMostLostWrites(int n) {
        return new LedgerObjective(LedgerObjective.Kind.LOST_WRITES, "rpo-lost-writes", n, null);
    }

    /** RPO window (disruption − acknowledgement of the earliest lost write) at most {@code max}. */
    public static Objective rpoWindowAtMost(Duration max) {
        return new LedgerObjective(LedgerObjective.Kind.RPO_WINDOW, "rpo-window", 0, max);
    }

    /** RPO window at most the backup's age at the disaster (disruption − recovery-point) plus {@code slack} (D09). */
    public static Objective rpoWindowWithinBackupAge(Duration slack) {
        return new BackupAgeRpoObjective(slack);
    }

    /** No failed answer of {@code path} names {@code cause} (D18: "does not match the database schema"). */
    public static Objective noFailureNaming(String path, String cause) {
        return new NoFailureNamingObjective(path, cause);
    }

    /**
     * The writes a restore lost are exactly those acknowledged since the recovery point (D20: a full rollback's RPO is
     * every write since the pre-upgrade backup, counted write by write); needs a writer with {@code restore: backup}.
     */
    public static Objective lostExactlySinceRecoveryPoint() {
        return new LedgerObjective(LedgerObjective.Kind.LOST_EXACTLY_SINCE_RECOVERY_POINT, "lost-exactly-since-recovery-point", 0, null);
    }

    /** No write acknowledged before the recovery point is missing after the restore (D09, D10, D12). */
    public static Objective lostBeforeRecoveryPointNone() {
        return new LedgerObjective(LedgerObjective.Kind.LOST_BEFORE_RECOVERY_POINT, "lost-before-recovery-point", 0,
                null);
    }

    /** No write invoked after the point-in-time target is present after the recovery (D10). */
    public static Objective presentAfterTargetNone() {
        return new LedgerObjective(LedgerObjective.Kind.PRESENT_AFTER_TARGET, "present-after-target", 0, null);
    }

    /**
     * No acknowledged write lost after the disruption ({@code lost_after_disruption} = 0), whatever was lost before
     * it; in a point-in-time drill these are the writes to the restored server (D10).
     */
    public static Objective nothingLostAfterDisruption() {
        return new LedgerObjective(LedgerObjective.Kind.LOST_AFTER_DISRUPTION, "lost-after-disruption", 0, null);
    }

    /** The error rate of {@code path} in {@code phase} strictly below {@code maxShare} (a share: 0.01 = 1 %). */
    public static Objective errorRateBelow(String path, Phase phase, double maxShare) {
        return new PhaseObjective(path, phase, maxShare, 0, null);
    }

    /** The {@code percentile} (50, 95 or 99) latency of {@code path} in {@code phase} strictly below {@code max}. */
    public static Objective latencyPercentileBelow(String path, Phase phase, int percentile, Duration max) {
        Objects.requireNonNull(max, "latency limit must not be null (path '" + path + "')");
        return new PhaseObjective(path, phase, 0, percentile, max);
    }

    /**
     * The regression gate: RTO (write path, else the first probed one) at most {@code baseline} plus
     * {@code maxShare} of it (0.25 = 25 %); a miss says by how much the RTO regressed against the baseline.
     */
    public static Objective rtoNoWorseThanBaseline(Duration baseline, double maxShare) {
        return new RtoRegressionObjective(baseline, maxShare);
    }

    /** At least one failed answer of {@code path} between disruption and recovery start names {@code cause} (e.g. "too many clients"). */
    public static Objective namesCause(String path, String cause) {
        return new CauseNamedObjective(path, cause);
    }

    /**
     * {@code path} must go down after the disruption (at least one failed observation), so a fault that never bit
     * fails the drill instead of passing it with RTO 0. Example: {@code Slos.outageExpected("write")}.
     */
    public static Objective outageExpected(String path) {
        return new OutageExpectedObjective(path);
    }

    static void requirePath(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("Objective path must not be blank, was '" + path + "'");
        }
    }

    static void requireBudget(Duration budget, String what) {
        Objects.requireNonNull(budget, what + ": target must not be null");
        if (budget.isNegative()) {
            throw new IllegalArgumentException(what + ": target must not be negative, was " + budget);
        }
    }

    /** A failed answer of {@code path}'s check came in before the disruption: the damage caught before the disaster (D29). */
    public static Objective caughtBeforeDisruption(String path) {
        return new CaughtBeforeDisruptionObjective(path);
    }

    /**
     * Every job the service accepted during the drill ran exactly once, the queue empty and nothing unacknowledged, read
     * from the results store and Redis when the drill ends, after waiting up to {@code settle}; see
     * {@link JobsExactlyOnceObjective}.
     */
    public static Objective jobsExactlyOnce(String postgres, String redis, String queue, java.time.Duration settle) {
        return new JobsExactlyOnceObjective(new JobAudit(postgres, redis, queue, settle));
    }

    /** {@link #jobsExactlyOnce(String, String, String, java.time.Duration)} on the reference stack's services and queue. */
    public static Objective jobsExactlyOnce() {
        return jobsExactlyOnce("postgres", "redis", dev.firedrill.access.ServiceJobs.QUEUE, JobsExactlyOnceObjective.DEFAULT_SETTLE);
    }

    /**
     * {@code system-consistent}: after a whole-system restore, every entry {@code service} caches in {@code redis} and every
     * receipt in its {@code receipts} directory is in {@code postgres}, and no entry newer than the restored set's point is
     * left anywhere; read when the drill ends. See {@link SystemConsistentObjective}.
     */
    public static Objective systemConsistent(String service, String postgres, String redis, String receipts) {
        return new SystemConsistentObjective(new SystemConsistencyAudit(service, postgres, redis, receipts));
    }

    /** {@link #systemConsistent(String, String, String, String)} on the reference stack: ledger, postgres, redis, its receipts. */
    public static Objective systemConsistent() {
        return systemConsistent("ledger", "postgres", "redis", SystemConsistentObjective.DEFAULT_RECEIPTS);
    }
}
