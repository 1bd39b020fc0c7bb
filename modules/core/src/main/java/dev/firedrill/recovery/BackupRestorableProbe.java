package dev.firedrill.recovery;

import com.google.auto.service.AutoService;
import dev.firedrill.Observation;
import dev.firedrill.Probe;
import dev.firedrill.ProbePath;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.capability.OneOff;
import dev.firedrill.capability.OneOffs;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;
import dev.firedrill.measure.ScheduledProbeRun;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import static dev.firedrill.recovery.SystemParts.files;
import static dev.firedrill.recovery.SystemParts.oneOffs;

/**
 * The morning check of the newest backup as a standing probe (runbook 001 §Morning Checks, {@code verify_backup.sh};
 * what pgBackRest's {@code verify} does for its repository), on path {@code backups} every {@code every}:
 * <ul>
 *   <li>{@code check: restore} (the default) restores the newest backup into a scratch server, a data directory in a
 *   one-off container of the service's image that is thrown away after, and compares each table's row count with the
 *   counts recorded at the backup's snapshot: the check a backup that would not restore cannot pass;</li>
 *   <li>{@code check: listed} only looks that the newest backup file is there and not empty, as many morning checks do:
 *   the shallow check, for the can-fail variant that shows a truncated backup passes it.</li>
 * </ul>
 * An observation succeeds while there is no backup yet (nothing to verify) or the newest verifies; it fails naming the
 * file and what the check said. It only watches: the drill does not wait for it to be steady.
 *
 * <p>In a drill file: {@code - {probe: backup-restorable, service: postgres, every: 5s}}.
 *
 * @param service the PostgreSQL service whose backups are checked
 * @param every   how often
 * @param check   {@code restore} or {@code listed}
 */
public record BackupRestorableProbe(String service, Duration every, Check check) implements Function<SystemUnderTest, Probe>, ProbePath {

    /** The path it records under. */
    public static final String PATH = "backups";
    private static final Duration BOUND = Duration.ofMinutes(2);

    /** How deep the check reads the newest backup. */
    public enum Check {
        /** Restored into a scratch server, row counts compared. */
        RESTORE,
        /** The file is there and not empty. */
        LISTED
    }

    public BackupRestorableProbe {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("backup-restorable names the service whose backups it checks, e.g. postgres");
        }
        if (every == null || every.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("backup-restorable(" + service + "): every must be at least 1s, got " + every);
        }
        java.util.Objects.requireNonNull(check, "check");
    }

    /** The kind {@code backup-restorable}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.probe("backup-restorable", "the morning check of the newest backup: restored into a scratch server"
                            + " and its row counts compared (check: restore), or only seen to be there (check: listed); watches path backups")
                    .param(Param.optional("service", Param.Type.TEXT, "postgres", "the PostgreSQL service whose backups are checked"))
                    .param(Param.optional("every", Param.Type.DURATION, Duration.ofSeconds(5), "how often"))
                    .param(Param.choice("check", false, "restore", List.of("restore", "listed"),
                            "restore: into a scratch server, row counts compared; listed: the file is there and not empty"))
                    .requires(OneOffs.class, ServiceFiles.class)
                    .build(a -> new BackupRestorableProbe(a.text("service"), a.duration("every"),
                            Check.valueOf(a.text("check").toUpperCase(Locale.ROOT)))));
        }
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public Probe apply(SystemUnderTest system) {
        system.requireService(service, "the backup-restorable probe");
        return ScheduledProbeRun.watching(PATH, every, BOUND, timeline -> observe(system, timeline));
    }

    private Observation observe(SystemUnderTest system, Timeline timeline) {
        TimePoint start = timeline.clock().now();
        String verdict;
        boolean ok;
        List<String> backups = BackupStore.list(system, service);
        if (backups.isEmpty()) {
            ok = true;
            verdict = "no backup yet";
        } else {
            String newest = backups.get(backups.size() - 1);
            String problem = check == Check.RESTORE ? restoreProblem(system, newest) : listedProblem(system, newest);
            ok = problem == null;
            verdict = newest + (ok ? (check == Check.RESTORE ? " restored into a scratch server, row counts as at its snapshot" : " listed")
                    : ": " + problem);
        }
        return new Observation(PATH, start, timeline.clock().now().since(start), ok, verdict);
    }

    /** Restores {@code file} into a scratch data directory; null when its row counts are those of its snapshot. */
    private String restoreProblem(SystemUnderTest system, String file) {
        PostgresLogin login = PostgresLogin.of(system, service);
        OneOff.Result result = oneOffs(system).run(OneOff.of(service, "bash", "-c",
                        "set -euo pipefail; export PGDATA=$(mktemp -d); " + BackupStore.FILL + "; echo EXPECTED; cat \"/backups/$BACKUP.rows\"")
                .asUser("postgres").withEnv(login.environment()).withEnv(Map.of("BACKUP", file, "SCRATCH", "1"))
                .withVolume(files(system).harnessVolume(BackupStore.VOLUME), BackupStore.PATH).within(BOUND));
        if (!result.succeeded()) {
            return "would not restore (exit " + result.exitCode() + "): " + lastLines(result.output());
        }
        String output = result.output();
        int split = output.lastIndexOf("EXPECTED");
        Map<String, Long> restored = BackupStore.restoredRows(output.substring(0, split));
        Map<String, Long> expected = BackupStore.parseRows(output.substring(split + "EXPECTED".length()));
        return restored.equals(expected) ? null : "restored " + restored + ", its snapshot held " + expected;
    }

    private String listedProblem(SystemUnderTest system, String file) {
        OneOff.Result result = oneOffs(system).run(OneOff.of(service, "test", "-s", BackupStore.PATH + "/" + file)
                .withVolume(files(system).harnessVolume(BackupStore.VOLUME), BackupStore.PATH));
        return result.succeeded() ? null : "missing or empty";
    }

    private static String lastLines(String output) {
        List<String> lines = output.strip().lines().toList();
        return String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
