package dev.firedrill.recovery;

import com.google.auto.service.AutoService;
import dev.firedrill.Capability;
import dev.firedrill.Preparation;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.capability.Network;
import dev.firedrill.capability.OneOff;
import dev.firedrill.capability.OneOffs;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.firedrill.recovery.SystemParts.files;
import static dev.firedrill.recovery.SystemParts.oneOffs;

/**
 * A nightly backup job as runbook 004 runs it ({@code §Automated Backup Cron}: {@code pg_dump | gzip} into
 * {@code /backups/<db>_full_<time>.sql.gz} at 02:00, 30 days kept), on a scaled cadence while the drill's writes flow:
 * {@code backups} backups, one every {@code every} (start to start), each followed by the retention step, which keeps
 * the newest {@code keep} and deletes the rest, as the runbook's {@code find -mtime +30 -delete} keeps thirty daily
 * ones. The pruning is checked after every backup: exactly {@code min(taken, keep)} files are left, the newest.
 *
 * <p>The step ends {@code faultBeforeNext} before the next backup is due, so that the drill's fault, which follows at
 * once, strikes at the worst point of the cycle: every write acknowledged since the last backup is at stake, about one
 * cadence of them. The last backup marks {@code recovery-point} at its snapshot (the dump is taken in a snapshot the
 * harness exported, so the instant is known to the millisecond; see {@link LogicalBackup}), or, with
 * {@code previousIsRecoveryPoint}, the run before it.
 *
 * <p>{@code standsFor} is the interval the cadence stands for (24 h for a nightly job): the report states the scale
 * ("every 20 s, standing for 24 h: 1:4320"), by which an RPO target of the policy is scaled to compare with the measured
 * window.
 *
 * <p>In a drill file: {@code - {kind: backup-schedule, target: postgres, every: 20s, stands-for: 24h, backups: 2, keep: 2}}.
 *
 * @param service         the PostgreSQL service
 * @param every           the scaled cadence, start to start
 * @param standsFor       the interval the cadence stands for
 * @param backups         how many backups run before the fault
 * @param keep            how many the retention keeps
 * @param faultBeforeNext how long before the next backup is due the step ends (the fault follows)
 * @param previousIsRecoveryPoint whether the run before the last marks {@code recovery-point} instead of the last: the
 *                        backup the restore is meant to use when the last will be found corrupt (D29)
 */
record BackupSchedule(String service, Duration every, Duration standsFor, int backups, int keep, Duration faultBeforeNext,
        boolean previousIsRecoveryPoint) implements Preparation {

    /** The timeline note that states the cadence and its scale. */
    static final String CADENCE_NOTE = "backup-cadence";
    static final Duration MIN_EVERY = Duration.ofSeconds(5);

    BackupSchedule {
        String what = "backup-schedule(" + service + ")";
        if (every == null || every.compareTo(MIN_EVERY) < 0) {
            throw new IllegalArgumentException(what + ": every must be at least " + MIN_EVERY.toSeconds() + "s (a dump and its pruning run"
                    + " within it), got " + every);
        }
        if (standsFor == null || standsFor.compareTo(every) < 0) {
            throw new IllegalArgumentException(what + ": stands-for is the interval the cadence stands for (24h for a nightly job) and"
                    + " must be at least every (" + every + "), got " + standsFor);
        }
        if (backups < 1 || backups > 20) {
            throw new IllegalArgumentException(what + ": backups must be 1 .. 20, got " + backups);
        }
        if (keep < 1) {
            throw new IllegalArgumentException(what + ": keep (the retention: how many backups are kept) must be at least 1, got " + keep);
        }
        if (faultBeforeNext == null || faultBeforeNext.isNegative() || faultBeforeNext.compareTo(every) >= 0) {
            throw new IllegalArgumentException(what + ": fault-before-next must be from 0s to less than every (" + every + "), got "
                    + faultBeforeNext);
        }
        if (previousIsRecoveryPoint && (backups < 2 || keep < 2)) {
            throw new IllegalArgumentException(what + ": recovery-point: previous needs at least 2 backups taken and 2 kept, got backups "
                    + backups + ", keep " + keep);
        }
    }

    /** The last run marks {@code recovery-point}. */
    BackupSchedule(String service, Duration every, Duration standsFor, int backups, int keep, Duration faultBeforeNext) {
        this(service, every, standsFor, backups, keep, faultBeforeNext, false);
    }

    /** The kind {@code backup-schedule}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.preparation("backup-schedule", "runbook 004's nightly job (pg_dump | gzip, newest `keep` kept) on a"
                            + " scaled cadence while writes flow; ends just before the next backup is due, so the fault strikes at the worst"
                            + " point; the last backup marks recovery-point").target()
                    .param(Param.optional("every", Param.Type.DURATION, Duration.ofSeconds(20), "the scaled cadence, start to start (at least 5s)"))
                    .param(Param.optional("stands-for", Param.Type.DURATION, Duration.ofHours(24), "the interval the cadence stands for"))
                    .param(Param.optional("backups", Param.Type.INTEGER, 2, "backups taken before the fault"))
                    .param(Param.optional("keep", Param.Type.INTEGER, 2, "the retention: how many of the newest are kept"))
                    .param(Param.optional("fault-before-next", Param.Type.DURATION, Duration.ofSeconds(2),
                            "how long before the next backup is due the fault strikes"))
                    .param(Param.choice("recovery-point", false, "newest", List.of("newest", "previous"),
                            "the run that marks recovery-point: the newest, or the one before (when the newest will be found corrupt)"))
                    .requires(Network.class, OneOffs.class, ServiceFiles.class)
                    .build(a -> new BackupSchedule(a.target(), a.duration("every"), a.duration("stands-for"), a.integer("backups"),
                            a.integer("keep"), a.duration("fault-before-next"), "previous".equals(a.text("recovery-point")))));
        }
    }

    @Override
    public String name() {
        return "backup schedule(" + service + ", every " + words(every) + " standing for " + words(standsFor) + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(OneOffs.class, ServiceFiles.class, Network.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
    }

    /** The scale of the cadence, e.g. {@code 1:4320} for 20 s standing for 24 h. */
    String scale() {
        return "1:" + Math.round((double) standsFor.toMillis() / every.toMillis());
    }

    @Override
    public String run(SystemUnderTest system, Timeline timeline) {
        timeline.note(CADENCE_NOTE, "every " + words(every) + " standing for " + words(standsFor) + " (" + scale()
                + "); keep " + keep);
        // Backups a run before this one left in the volume count for the retention as the job's own do.
        int found = retained(system, Integer.MAX_VALUE).size();
        TimePoint first = timeline.clock().now();
        List<String> done = new ArrayList<>();
        for (int i = 0; i < backups; i++) {
            sleepUntil(timeline, first, every.multipliedBy(i));
            boolean recorded = i == (previousIsRecoveryPoint ? backups - 2 : backups - 1);
            String output = new LogicalBackup(service, recorded, BackupStore.Format.SQL_GZIP).run(system, timeline);
            List<String> kept = prune(system, Math.min(found + i + 1, keep));
            done.add(output.substring(0, output.indexOf(" of snapshot")) + "; kept " + kept);
        }
        Duration nextDue = every.multipliedBy(backups);
        sleepUntil(timeline, first, nextDue.minus(faultBeforeNext));
        return backups + " backups every " + words(every) + " (standing for " + words(standsFor) + ", " + scale()
                + "), the newest " + keep + " kept:\n  " + String.join("\n  ", done) + "\nthe next was due in "
                + words(faultBeforeNext) + ": the fault strikes now";
    }

    /**
     * The retention step: deletes all but the newest {@code keep} of the job's files (and their row counts), then checks
     * that exactly {@code expected} are left; returns them, newest first.
     */
    private List<String> prune(SystemUnderTest system, int expected) {
        List<String> left = retained(system, keep);
        if (left.size() != expected) {
            throw new IllegalStateException(name() + ": the retention must leave the newest " + expected + " backups, it left " + left);
        }
        return left;
    }

    /** Deletes all but the newest {@code keep} of the job's files (and their row counts); returns those left, newest first. */
    private List<String> retained(SystemUnderTest system, int keep) {
        String pattern = BackupStore.PATH + "/" + service + "_full_*.sql.gz";
        OneOff.Result result = oneOffs(system).run(OneOff.of(service, "bash", "-c", "set -euo pipefail; shopt -s nullglob;"
                        + " files=(" + pattern + "); [ ${#files[@]} -gt 0 ] || exit 0;"
                        + " ls -1t \"${files[@]}\" | tail -n +$((KEEP + 1)) | while read -r f; do rm -f -- \"$f\" \"$f.rows\"; done;"
                        + " ls -1t " + pattern)
                .asUser("postgres").withEnv(Map.of("KEEP", String.valueOf(keep)))
                .withVolume(files(system).harnessVolume(BackupStore.VOLUME), BackupStore.PATH));
        if (!result.succeeded()) {
            throw new IllegalStateException(name() + ": the retention step exited " + result.exitCode() + ": " + result.output().strip());
        }
        return result.output().strip().lines().filter(l -> !l.isBlank()).map(l -> l.substring(l.lastIndexOf('/') + 1)).toList();
    }

    /** 24 h, 15 min, 20 s, 1.5 s. */
    static String words(Duration d) {
        long ms = d.toMillis();
        if (ms > 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + " h";
        }
        if (ms > 0 && ms % 60_000 == 0) {
            return ms / 60_000 + " min";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
    }

    /** Sleeps until {@code offset} after {@code from}: the next run of a schedule. */
    static void sleepUntil(Timeline timeline, TimePoint from, Duration offset) {
        long left = offset.minus(timeline.clock().now().since(from)).toMillis();
        if (left <= 0) {
            return;
        }
        try {
            Thread.sleep(left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the next scheduled backup", e);
        }
    }
}
