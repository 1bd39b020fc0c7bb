package dev.firedrill.release;

import dev.firedrill.StepFailure;
import dev.firedrill.ReleaseChange;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;

import java.util.regex.Pattern;

/**
 * The runbook's check after a migration, {@code alembic current}: passes when the database is at the expected
 * revision, fails naming the expected and the actual one. {@code head} expects the newest revision
 * ({@code alembic heads}), {@code base} no revision at all. Within a drill it notes what it read ({@link #NOTE}).
 *
 * @param expect   a revision id, {@code head} or {@code base}
 * @param service  the service whose image carries the alembic project (default {@code migrations})
 * @param database the PostgreSQL service it reads (default {@code postgres})
 */
public record MigrationCurrent(String expect, String service, String database) implements MigrationStep {

    /** The kind of the timeline note of each check. */
    public static final String NOTE = "migration-current";

    private static final Pattern REVISION = Pattern.compile("[0-9A-Za-z_]{1,32}");

    /** Checks the fields. */
    public MigrationCurrent {
        if (expect == null || !REVISION.matcher(expect.strip()).matches()) {
            throw new IllegalArgumentException("'expect' is '" + expect + "', which is no revision; valid: a revision id (e.g. 0004),"
                    + " head (the newest) or base (none)");
        }
        expect = expect.strip();
        if (service == null || service.isBlank() || database == null || database.isBlank()) {
            throw new IllegalArgumentException("a migration check names its migrations service and its database, got '" + service
                    + "' and '" + database + "'");
        }
    }

    /** The same check, run from the image of {@code migrationsService}. */
    public MigrationCurrent using(String migrationsService) {
        return new MigrationCurrent(expect, migrationsService, database);
    }

    /** The same check of the PostgreSQL service {@code postgresService}. */
    public MigrationCurrent on(String postgresService) {
        return new MigrationCurrent(expect, service, postgresService);
    }

    @Override
    public String name() {
        return "migration-current(" + expect + ")";
    }

    @Override
    public String run(SystemUnderTest system, Timeline timeline) {
        MigrationRunner alembic = new MigrationRunner(system, service, database);
        String actual = alembic.current();
        String wanted = expect.equals("head") ? alembic.head() : expect;
        String said = "alembic current on " + database + " is " + actual + ", expected " + expect
                + (expect.equals("head") ? " (" + wanted + ")" : "");
        if (timeline != null) {
            timeline.note(NOTE, said);
            movedSince(timeline, actual).ifPresent(change -> ReleaseSteps.note(timeline, change));
        }
        if (!actual.equals(wanted)) {
            throw new StepFailure(said, "");
        }
        return said;
    }

    /**
     * The schema moved without a migration since the timeline last said where it was (D20: the pre-upgrade backup
     * restored over 0004 brings back 0003): a release change {@code <database> schema: 0004 -> 0003}, so the evidence's
     * releases follow the revision through every step, restores included.
     */
    private java.util.Optional<ReleaseChange> movedSince(Timeline timeline, String actual) {
        String subject = database + " schema";
        String now = Migrate.revision(actual);
        return timeline.events().stream().filter(e -> ReleaseChange.NOTE.equals(e.kind()))
                .map(e -> ReleaseChange.ofDetail(e.detail())).flatMap(java.util.Optional::stream)
                .filter(c -> c.subject().equals(subject)).reduce((first, second) -> second)
                .filter(last -> !last.after().equals(now))
                .map(last -> new ReleaseChange(subject, last.after(), now, name() + ", changed without a migration"));
    }
}
