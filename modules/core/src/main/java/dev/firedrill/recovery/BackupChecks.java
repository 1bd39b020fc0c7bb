package dev.firedrill.recovery;

import com.google.auto.service.AutoService;
import dev.firedrill.Observation;
import dev.firedrill.Probe;
import dev.firedrill.ProbePath;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.capability.OneOff;
import dev.firedrill.capability.OneOffs;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;
import dev.firedrill.measure.ScheduledProbeRun;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static dev.firedrill.recovery.SystemParts.files;
import static dev.firedrill.recovery.SystemParts.oneOffs;

/**
 * The standing checks of a backup store besides {@link BackupRestorableProbe}, each a probe that only watches (the drill
 * does not wait for it), reading the backups volume the way a monitoring job reads a backup directory:
 * <ul>
 *   <li>{@code backup-age} (path {@code backup-age}): the newest backup is younger than {@code younger-than}, as a
 *   "last backup older than 26 h" alert asks. No backup at all fails too: nothing protects the data.</li>
 *   <li>{@code retention} (path {@code retention}): exactly {@code keep} backups are kept, as the runbooks' retention
 *   says (004: thirty daily dumps). Fewer means the job skipped runs or pruned too much; more, that pruning stopped.</li>
 * </ul>
 * Ages are read in the container, against its own clock ({@code date +%s} and each file's modification time), so the
 * host's clock plays no part.
 */
public final class BackupChecks {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private BackupChecks() {
    }

    /** A backup file of the service and its age in seconds when the check read it. */
    record Entry(String name, long ageSeconds) {
    }

    /** {@code backup-age}: the newest backup of {@code service} is younger than {@code youngerThan}. */
    public record Age(String service, Duration every, Duration youngerThan) implements Function<SystemUnderTest, Probe>, ProbePath {

        public static final String PATH = "backup-age";

        public Age {
            requireService(service, "backup-age");
            requireEvery(every, "backup-age(" + service + ")");
            if (youngerThan == null || youngerThan.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("backup-age(" + service + "): younger-than is the age the newest backup must stay"
                        + " under, at least 1s (e.g. 26h for a nightly job, scaled as its cadence is), got " + youngerThan);
            }
        }

        @Override
        public String path() {
            return PATH;
        }

        @Override
        public Probe apply(SystemUnderTest system) {
            return standing(system, service, PATH, every, entries -> {
                if (entries.isEmpty()) {
                    return new Verdict(false, "no backup of '" + service + "' at all");
                }
                Entry newest = entries.get(0);
                boolean young = newest.ageSeconds() < youngerThan.toSeconds();
                return new Verdict(young, newest.name() + " is " + newest.ageSeconds() + " s old (" + (young ? "under " : "not under ")
                        + youngerThan.toSeconds() + " s)");
            });
        }
    }

    /** {@code retention}: exactly {@code keep} backups of {@code service} are kept. */
    public record Retention(String service, Duration every, int keep) implements Function<SystemUnderTest, Probe>, ProbePath {

        public static final String PATH = "retention";

        public Retention {
            requireService(service, "retention");
            requireEvery(every, "retention(" + service + ")");
            if (keep < 1) {
                throw new IllegalArgumentException("retention(" + service + "): keep is how many backups the retention keeps, at least 1, got "
                        + keep);
            }
        }

        @Override
        public String path() {
            return PATH;
        }

        @Override
        public Probe apply(SystemUnderTest system) {
            return standing(system, service, PATH, every, entries -> new Verdict(entries.size() == keep,
                    entries.size() + " kept (" + (entries.size() == keep ? "as" : "the retention says " + keep + ":") + " "
                            + (entries.isEmpty() ? "none" : "newest " + entries.get(0).name() + ", oldest " + entries.get(entries.size() - 1).name())
                            + ")"));
        }
    }

    /** The kinds {@code backup-age} and {@code retention}. */
    @AutoService(KindProvider.class)
    public static final class Kinds implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            Param service = Param.optional("service", Param.Type.TEXT, "postgres", "the PostgreSQL service whose backups are checked");
            Param every = Param.optional("every", Param.Type.DURATION, Duration.ofSeconds(5), "how often");
            return List.of(
                    KindDescriptor.probe("backup-age", "the newest backup is younger than younger-than (no backup fails too); watches path"
                                    + " backup-age")
                            .param(service).param(every)
                            .param(Param.required("younger-than", Param.Type.DURATION, "the age the newest backup must stay under, e.g. 26h"
                                    + " for a nightly job (scaled as its cadence is)"))
                            .requires(OneOffs.class, ServiceFiles.class)
                            .build(a -> new Age(a.text("service"), a.duration("every"), a.duration("younger-than"))),
                    KindDescriptor.probe("retention", "exactly keep backups are kept, as the retention says; watches path retention")
                            .param(service).param(every)
                            .param(Param.required("keep", Param.Type.INTEGER, "how many backups the retention keeps"))
                            .requires(OneOffs.class, ServiceFiles.class)
                            .build(a -> new Retention(a.text("service"), a.duration("every"), a.integer("keep"))));
        }
    }

    private record Verdict(boolean ok, String words) {
    }

    private static Probe standing(SystemUnderTest system, String service, String path, Duration every,
                                  Function<List<Entry>, Verdict> judge) {
        system.requireService(service, "the " + path + " probe");
        return ScheduledProbeRun.watching(path, every, BOUND, timeline -> {
            TimePoint start = timeline.clock().now();
            Verdict verdict = judge.apply(entries(system, service));
            return new Observation(path, start, timeline.clock().now().since(start), verdict.ok(), verdict.words());
        });
    }

    /** The service's backups in the volume, newest first, each with its age by the container's clock. */
    static List<Entry> entries(SystemUnderTest system, String service) {
        OneOff.Result listing = oneOffs(system).run(OneOff.of(service, "bash", "-c",
                        "set -euo pipefail; cd " + BackupStore.PATH + "; shopt -s nullglob; echo \"now $(date +%s.%N)\";"
                                + " for f in *; do echo \"$(stat -c %.9Y \"$f\") $f\"; done")
                .withVolume(files(system).harnessVolume(BackupStore.VOLUME), BackupStore.PATH).within(BOUND));
        if (!listing.succeeded()) {
            throw new IllegalStateException("listing " + BackupStore.PATH + " exited " + listing.exitCode() + ": " + listing.output().strip());
        }
        return parse(service, listing.output());
    }

    /**
     * {@code now <epoch seconds>} then {@code <modification time, epoch seconds> <name>} lines: the service's backups
     * only (by {@link BackupStore.Format}), newest first, each with its age in whole seconds.
     */
    static List<Entry> parse(String service, String listing) {
        record Stamped(String name, double modified) {
        }
        double now = Double.NaN;
        List<Stamped> files = new ArrayList<>();
        for (String line : listing.split("\n")) {
            String[] parts = line.strip().split(" ", 2);
            if (parts.length != 2) {
                continue;
            }
            if (parts[0].equals("now") && parts[1].matches(NUMBER)) {
                now = Double.parseDouble(parts[1]);
            } else if (parts[0].matches(NUMBER) && BackupStore.Format.of(service, parts[1]) != null) {
                files.add(new Stamped(parts[1], Double.parseDouble(parts[0])));
            }
        }
        if (Double.isNaN(now) && !files.isEmpty()) {
            throw new IllegalStateException("the listing of " + BackupStore.PATH + " has no clock reading: " + listing.strip());
        }
        double clock = now;
        return files.stream().sorted(java.util.Comparator.comparingDouble(Stamped::modified).reversed())
                .map(f -> new Entry(f.name(), Math.max(0, (long) Math.floor(clock - f.modified())))).toList();
    }

    private static final String NUMBER = "\\d+(\\.\\d+)?";

    private static void requireService(String service, String kind) {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException(kind + " names the service whose backups it checks, e.g. postgres");
        }
    }

    private static void requireEvery(Duration every, String what) {
        if (every == null || every.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(what + ": every must be at least 1s, got " + every);
        }
    }
}
