package dev.firedrill.recovery;

import com.google.auto.service.AutoService;
import dev.firedrill.Capability;
import dev.firedrill.Preparation;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.firedrill.recovery.BackupSchedule.words;

/**
 * Continuous protection with pgBackRest as runbook 004 sets it up ({@code §Automated Backup}, {@code §PITR}): the server
 * archives every WAL segment into the repository ({@code archive_command = 'pgbackrest --stanza=<name> archive-push %p'},
 * a segment closed at the latest every {@code archive_timeout}); the preparation checks that, creates the stanza
 * ({@code pgbackrest stanza-create}), checks the archiving ({@code pgbackrest check}), then runs the scheduled backups on
 * a scaled cadence while the drill's writes flow: a full backup first, then {@code then} (diff or incr) backups, a full
 * one again every {@code fullEvery} runs, each with {@code --repo1-retention-full}, the retention pgBackRest's own expire
 * applies. After every run the repository is read ({@code pgbackrest info}): exactly {@code min(fulls, retention)} full
 * backups must be left, counting those it held before the schedule; otherwise the step fails naming what it found.
 *
 * <p>The step ends {@code faultBeforeNext} before the next backup is due, the latest point of the backup cycle, as
 * {@link BackupSchedule} does; with continuous archiving that point no longer decides the loss: the archive does. The
 * recovery point is therefore not marked here but by the restore ({@link PgBackRestRestore}), which reads from the
 * repository what was archived when the disaster struck.
 *
 * <p>In a drill file: {@code - {kind: pgbackrest-schedule, target: postgres, every: 20s, stands-for: 24h, backups: 2}}.
 *
 * @param service         the PostgreSQL service, running the pgBackRest image (images/pgbackrest)
 * @param every           the scaled cadence, start to start
 * @param standsFor       the interval the cadence stands for
 * @param backups         how many backups run before the fault (the first is full)
 * @param then            the type of the backups after a full one: diff or incr
 * @param fullEvery       a full backup every this many runs; 0: the first only
 * @param retentionFull   repo1-retention-full: how many full backups (with their diff and incr) are kept
 * @param faultBeforeNext how long before the next backup is due the step ends (the fault follows)
 */
record PgBackRestSchedule(String service, Duration every, Duration standsFor, int backups, String then, int fullEvery,
        int retentionFull, Duration faultBeforeNext) implements Preparation {

    /** The timeline note that states the archiving settings. */
    static final String ARCHIVING_NOTE = "wal-archiving";
    static final List<String> THEN = List.of("diff", "incr");

    PgBackRestSchedule {
        String what = "pgbackrest-schedule(" + service + ")";
        if (every == null || every.compareTo(BackupSchedule.MIN_EVERY) < 0) {
            throw new IllegalArgumentException(what + ": every must be at least " + BackupSchedule.MIN_EVERY.toSeconds() + "s (a backup"
                    + " and the check of its retention run within it), got " + every);
        }
        if (standsFor == null || standsFor.compareTo(every) < 0) {
            throw new IllegalArgumentException(what + ": stands-for is the interval the cadence stands for (24h for a daily backup) and"
                    + " must be at least every (" + every + "), got " + standsFor);
        }
        if (backups < 1 || backups > 20) {
            throw new IllegalArgumentException(what + ": backups must be 1 .. 20, got " + backups);
        }
        if (!THEN.contains(then)) {
            throw new IllegalArgumentException(what + ": then (the type of the backups after a full one) must be one of " + THEN
                    + ", got '" + then + "'");
        }
        if (fullEvery < 0) {
            throw new IllegalArgumentException(what + ": full-every must be 0 (a full backup first only) or more, got " + fullEvery);
        }
        if (retentionFull < 1) {
            throw new IllegalArgumentException(what + ": retention-full (repo1-retention-full: how many full backups are kept) must be"
                    + " at least 1, got " + retentionFull);
        }
        if (faultBeforeNext == null || faultBeforeNext.isNegative() || faultBeforeNext.compareTo(every) >= 0) {
            throw new IllegalArgumentException(what + ": fault-before-next must be from 0s to less than every (" + every + "), got "
                    + faultBeforeNext);
        }
    }

    /** The kind {@code pgbackrest-schedule}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.preparation("pgbackrest-schedule", "continuous protection with pgBackRest (runbook 004): checks"
                            + " the server archives its WAL with pgbackrest archive-push, stanza-create and check, then scheduled"
                            + " pgbackrest backups (full, then diff or incr) on a scaled cadence while writes flow, repo1-retention-full"
                            + " checked after each; ends just before the next backup is due. The restore marks recovery-point").target()
                    .param(Param.optional("every", Param.Type.DURATION, Duration.ofSeconds(20), "the scaled cadence, start to start (at least 5s)"))
                    .param(Param.optional("stands-for", Param.Type.DURATION, Duration.ofHours(24), "the interval the cadence stands for"))
                    .param(Param.optional("backups", Param.Type.INTEGER, 2, "backups taken before the fault, 1 .. 20; the first is full"))
                    .param(Param.choice("then", false, "diff", THEN, "the type of the backups after a full one"))
                    .param(Param.optional("full-every", Param.Type.INTEGER, 0, "a full backup every this many runs; 0: the first only"))
                    .param(Param.optional("retention-full", Param.Type.INTEGER, 2,
                            "repo1-retention-full: how many full backups (with their diff and incr) pgBackRest keeps"))
                    .param(Param.optional("fault-before-next", Param.Type.DURATION, Duration.ofSeconds(2),
                            "how long before the next backup is due the fault strikes"))
                    .requires(ServiceCommands.class)
                    .build(a -> new PgBackRestSchedule(a.target(), a.duration("every"), a.duration("stands-for"), a.integer("backups"),
                            a.text("then"), a.integer("full-every"), a.integer("retention-full"), a.duration("fault-before-next"))));
        }
    }

    @Override
    public String name() {
        return "pgbackrest schedule(" + service + ", every " + words(every) + " standing for " + words(standsFor) + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceCommands.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
    }

    /** The scale of the cadence, e.g. {@code 1:4320} for 20 s standing for 24 h. */
    String scale() {
        return "1:" + Math.round((double) standsFor.toMillis() / every.toMillis());
    }

    /** The type of run {@code i} (from 0): full first and every {@code fullEvery} runs, else {@code then}. */
    String typeOf(int i) {
        return i == 0 || (fullEvery > 0 && i % fullEvery == 0) ? "full" : then;
    }

    /** The backup command of run {@code i}. */
    List<String> backupCommand(String stanza, int i) {
        return PgBackRest.command(stanza, "backup", "--type=" + typeOf(i), "--repo1-retention-full=" + retentionFull);
    }

    @Override
    public String run(SystemUnderTest system, Timeline timeline) {
        Steps steps = new Steps(name());
        String[] archiving = steps.run("check WAL archiving", () -> archiving(system));
        String stanza = archiving[0];
        timeline.note(ARCHIVING_NOTE, "archive_command '" + archiving[1] + "', archive_timeout " + archiving[2]);
        steps.run("pgbackrest stanza-create", () -> PgBackRest.onHost(system, service, PgBackRest.command(stanza, "stanza-create")));
        String checked = steps.run("pgbackrest check", () -> PgBackRest.onHost(system, service, PgBackRest.command(stanza, "check")));
        // A repository used before (a stack kept between drills) already holds full backups: the retention counts them too.
        long fullsBefore = steps.run("pgbackrest info", () -> info(system, stanza)).fulls();
        timeline.note(BackupSchedule.CADENCE_NOTE, "every " + words(every) + " standing for " + words(standsFor) + " (" + scale()
                + "); repo1-retention-full " + retentionFull);
        TimePoint first = timeline.clock().now();
        List<String> done = new ArrayList<>();
        long fulls = fullsBefore;
        for (int i = 0; i < backups; i++) {
            BackupSchedule.sleepUntil(timeline, first, every.multipliedBy(i));
            int run = i;
            String type = typeOf(i);
            fulls += type.equals("full") ? 1 : 0;
            long start = System.nanoTime();
            String output = steps.run("pgbackrest backup --type=" + type + " (run " + (i + 1) + ")",
                    () -> PgBackRest.onHost(system, service, backupCommand(stanza, run)));
            long millis = (System.nanoTime() - start) / 1_000_000;
            String label = PgBackRest.infoLine(output, "new backup label = ").replace("new backup label = ", "");
            long taken = fulls;
            PgBackRest.Info info = steps.run("check the retention (run " + (i + 1) + ")", () -> retained(system, stanza, taken, label));
            timeline.note("backup", "pgbackrest " + type + " backup " + label);
            done.add(type + " " + label + " in " + millis + " ms; the repository holds " + info.backups().stream()
                    .map(b -> b.type() + " " + b.label()).toList() + ", WAL archived up to " + info.archiveMax());
        }
        Duration nextDue = every.multipliedBy(backups);
        BackupSchedule.sleepUntil(timeline, first, nextDue.minus(faultBeforeNext));
        return "stanza " + stanza + " (archive_command '" + archiving[1] + "', archive_timeout " + archiving[2] + "); "
                + PgBackRest.infoLine(checked, "WAL segment") + "\n" + backups + " backups every " + words(every)
                + " (standing for " + words(standsFor) + ", " + scale() + "), repo1-retention-full " + retentionFull + ":\n  "
                + String.join("\n  ", done) + "\nthe next was due in " + words(faultBeforeNext) + ": the fault strikes now";
    }

    /** The stanza, the archive_command and the archive_timeout of a server that archives with pgBackRest; fails otherwise. */
    private String[] archiving(SystemUnderTest system) {
        PostgresLogin login = PostgresLogin.of(system, service);
        try (Connection c = login.connect(system, service); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('archive_mode'), current_setting('archive_command'),"
                     + " current_setting('archive_timeout')")) {
            rs.next();
            if (!"on".equals(rs.getString(1)) && !"always".equals(rs.getString(1))) {
                throw new IllegalStateException("WAL archiving is off on '" + service + "' (archive_mode = " + rs.getString(1)
                        + "); continuous archiving needs archive_mode=on and archive_command 'pgbackrest --stanza=<name> archive-push %p'"
                        + " from the server's start");
            }
            return new String[] {PgBackRest.stanzaOf(rs.getString(2)), rs.getString(2), rs.getString(3)};
        } catch (SQLException e) {
            throw new IllegalStateException(service + " does not answer: " + e.getMessage(), e);
        }
    }

    /** What pgbackrest info says of the stanza. */
    private PgBackRest.Info info(SystemUnderTest system, String stanza) {
        List<PgBackRest.Info> stanzas = PgBackRest.parseInfo(PgBackRest.onHost(system, service,
                PgBackRest.command(stanza, "info", "--output=json")));
        return stanzas.stream().filter(s -> s.stanza().equals(stanza)).findFirst()
                .orElseThrow(() -> new IllegalStateException("pgbackrest info lists no stanza '" + stanza + "'"));
    }

    /**
     * Reads the repository and checks the retention left exactly min(full backups in it, retention-full) full backups
     * (those it held before the schedule and those taken since), the one just taken the newest.
     */
    private PgBackRest.Info retained(SystemUnderTest system, String stanza, long fullsTaken, String label) {
        PgBackRest.Info info = info(system, stanza);
        long expected = Math.min(fullsTaken, retentionFull);
        if (info.fulls() != expected) {
            throw new IllegalStateException("repo1-retention-full " + retentionFull + " must leave " + expected + " full backups of the "
                    + fullsTaken + " the repository received, it holds " + info.backups());
        }
        if (info.backups().isEmpty() || !info.backups().get(info.backups().size() - 1).label().equals(label)) {
            throw new IllegalStateException("the backup just taken (" + label + ") is not the newest in the repository: " + info.backups());
        }
        return info;
    }
}
