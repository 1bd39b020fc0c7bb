package dev.firedrill.recovery;

import dev.firedrill.Preparation;

/**
 * Entry class of the backups a drill takes before its disaster (as {@link dev.firedrill.Drill.Builder#preparation}).
 *
 * <p>Example: {@code .preparation(Backups.logical("postgres"))} then {@code .recovery(Recoveries.restoreLatestBackup("postgres"))}
 */
public final class Backups {

    private Backups() {
    }

    /** A {@code pg_dump} (custom format) of the service's database while writes flow; marks {@code recovery-point} at its snapshot. */
    public static Preparation logical(String service) {
        return new LogicalBackup(service, true);
    }

    /** As {@link #logical}, not recorded as the drill's recovery point (an older backup, for a "can fail" variant). */
    public static Preparation logicalNotRecorded(String service) {
        return new LogicalBackup(service, false);
    }

    /**
     * Makes {@code replica} an asynchronous streaming replica of {@code primary}, streaming through the
     * proxy {@code postgres-replication} (docs/stack.md); returns once it streams.
     */
    public static Preparation streamingReplica(String replica, String primary) {
        return new StreamingReplica(replica, primary);
    }

    /**
     * As {@link #streamingReplica}, synchronous: the primary's {@code synchronous_standby_names = '*'}, so a commit
     * is acknowledged only once the replica has flushed it; returns once the primary reports it {@code sync}.
     */
    public static Preparation synchronousReplica(String replica, String primary) {
        return new StreamingReplica(replica, primary, true);
    }

    /**
     * A base backup ({@code pg_basebackup -Ft -X stream}) of a server that archives its WAL, into the
     * backups volume; checks the archiving works first. For {@link Recoveries#restoreToRecoveryPoint}.
     */
    public static Preparation base(String service) {
        return new BaseBackup(service);
    }

    /**
     * Marks {@code recovery-point} and records it as the {@code recovery_target_time} of a later
     * point-in-time restore: put it just before the bad change (D10).
     */
    public static Preparation recoveryTarget(String service) {
        return new RecoveryTarget(service);
    }

    /**
     * A Redis snapshot ({@code BGSAVE}, wait for {@code LASTSAVE}, copy the RDB file out with the Docker API)
     * into the backups volume; marks {@code recovery-point} when {@code BGSAVE} is sent. For {@link Recoveries#restoreLatestSnapshot}.
     */
    public static Preparation redisSnapshot(String service) {
        return new RedisSnapshot(service, true);
    }

    /** As {@link #redisSnapshot}, not recorded as the recovery point (an older snapshot, for a "can fail" variant). */
    public static Preparation redisSnapshotNotRecorded(String service) {
        return new RedisSnapshot(service, false);
    }

    /**
     * Runbook 004's nightly backup job ({@code pg_dump | gzip}, the newest {@code keep} kept) on a scaled cadence:
     * {@code backups} backups {@code every} apart while writes flow, each followed by the retention step; returns
     * {@code faultBeforeNext} before the next is due, so the fault that follows strikes at the worst point of the cycle.
     * The last backup marks {@code recovery-point}. {@code standsFor} is the interval the cadence stands for (24 h).
     */
    public static Preparation schedule(String service, java.time.Duration every, java.time.Duration standsFor, int backups, int keep,
            java.time.Duration faultBeforeNext) {
        return new BackupSchedule(service, every, standsFor, backups, keep, faultBeforeNext);
    }

    /** As {@link #schedule}, the run before the last marking {@code recovery-point}: the backup to restore when the last is found corrupt (D29). */
    public static Preparation scheduleRecordingPrevious(String service, java.time.Duration every, java.time.Duration standsFor, int backups,
            int keep, java.time.Duration faultBeforeNext) {
        return new BackupSchedule(service, every, standsFor, backups, keep, faultBeforeNext, true);
    }

    /** The newest backup of {@code service} truncated to half its size, its name and time kept (D29). */
    public static dev.firedrill.Fault corruptNewest(String service) {
        return new CorruptBackupFault(service);
    }

    /** The morning check of the newest backup as a probe on path {@code backups}: restored into a scratch server, row counts compared. */
    public static java.util.function.Function<dev.firedrill.SystemUnderTest, dev.firedrill.Probe> restorable(String service, java.time.Duration every) {
        return new BackupRestorableProbe(service, every, BackupRestorableProbe.Check.RESTORE);
    }

    /** The shallow morning check: the newest backup file is there and not empty. */
    public static java.util.function.Function<dev.firedrill.SystemUnderTest, dev.firedrill.Probe> listed(String service, java.time.Duration every) {
        return new BackupRestorableProbe(service, every, BackupRestorableProbe.Check.LISTED);
    }

    /**
     * Continuous protection with pgBackRest (D27): checks the server archives its WAL with {@code pgbackrest archive-push},
     * {@code stanza-create} and {@code check}, then {@code backups} scheduled backups {@code every} apart (full, then diff),
     * {@code repo1-retention-full} = {@code retentionFull}; returns {@code faultBeforeNext} before the next is due. The
     * restore ({@link Recoveries#pgBackRestRestore}) marks the recovery point.
     */
    public static Preparation pgBackRestSchedule(String service, java.time.Duration every, java.time.Duration standsFor, int backups,
            int retentionFull, java.time.Duration faultBeforeNext) {
        return new PgBackRestSchedule(service, every, standsFor, backups, "diff", 0, retentionFull, faultBeforeNext);
    }

    /**
     * The whole system at one point (D28): {@code service}'s writes paused and drained for {@code drain}, then a dump of
     * {@code postgres}, a snapshot of {@code redis} and a tar of the service's application data directory {@code files},
     * listed in one set for {@link Recoveries#restoreSystem}; marks {@code recovery-point} when the pause took effect.
     */
    public static Preparation system(String service, String postgres, String redis, String files, java.time.Duration drain) {
        return new SystemBackup(service, postgres, redis, files, drain);
    }

    /** {@link #system} of the reference stack: ledger on postgres and redis, its files in /var/lib/ledger, 2 s drain. */
    public static Preparation system(String service) {
        return new SystemBackup(service, "postgres", "redis", "/var/lib/ledger", SystemBackup.DEFAULT_DRAIN);
    }
}
