package dev.firedrill.release;

import java.time.Duration;

/**
 * Schema migrations as procedure steps, the Java twins of the kinds {@code migrate} and {@code migration-current}
 * ({@link MigrationKinds}). By default alembic runs from the image of the service {@code migrations} and migrates the
 * PostgreSQL service {@code postgres}, as in {@code drills/stacks/release.yml}.
 *
 * <p>Example: {@code Drill.builder(...).recovery(Migrations.migrate("head")).recovery(Migrations.current("0004"))};
 * the rollback of a destructive migration, {@code Migrations.migrate("-1")}.
 */
public final class Migrations {

    /** The service whose image carries the alembic project, unless a step names another. */
    public static final String SERVICE = "migrations";
    /** The PostgreSQL service migrated, unless a step names another. */
    public static final String DATABASE = "postgres";
    /** The bound on a migration's run, unless a step gives another. */
    public static final Duration TIMEOUT = Duration.ofMinutes(10);

    private Migrations() {
    }

    /** {@code alembic upgrade|downgrade <to>}: {@code head}, {@code base}, a revision id, {@code -1}, {@code +1}. */
    public static Migrate migrate(String to) {
        return new Migrate(new MigrationTarget(to), null, SERVICE, DATABASE, TIMEOUT);
    }

    /** {@code alembic current} must show {@code expect}: a revision id, {@code head} or {@code base}. */
    public static MigrationCurrent current(String expect) {
        return new MigrationCurrent(expect, SERVICE, DATABASE);
    }
}
