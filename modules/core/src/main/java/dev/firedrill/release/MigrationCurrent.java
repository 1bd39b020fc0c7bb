package dev.firedrill.release;

import dev.firedrill.StepFailure;
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
        }
        if (!actual.equals(wanted)) {
            throw new StepFailure(said, "");
        }
        return said;
    }
}
