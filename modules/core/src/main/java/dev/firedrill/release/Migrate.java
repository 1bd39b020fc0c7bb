package dev.firedrill.release;

import dev.firedrill.ReleaseChange;
import dev.firedrill.StepFailure;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.capability.OneOff;

import java.time.Duration;
import java.util.Objects;

/**
 * A schema migration as the runbooks run it: {@code alembic upgrade head}, {@code alembic downgrade -1}, in a one-off
 * container of the migrations service's image ({@link MigrationRunner}). Which way it goes comes from the target
 * ({@link MigrationTarget#impliedDirection()}), or from {@code direction}; for a revision id without one, from alembic's
 * history: a downgrade when the revision is below the current one.
 *
 * <p>Within a drill it notes on the timeline ({@link #NOTE}) the command, the revision before and after
 * ({@code alembic current}), how long the migration's one-off took and the tail of alembic's output, whether it
 * succeeded or not. A migration alembic fails fails the step with alembic's error; its whole output is the step's.
 *
 * @param target    where it goes
 * @param direction upgrade or downgrade; null: from the target
 * @param service   the service whose image carries the alembic project (default {@code migrations})
 * @param database  the PostgreSQL service it migrates (default {@code postgres})
 * @param timeout   bound on the migration's run
 */
public record Migrate(MigrationTarget target, MigrationTarget.Direction direction, String service, String database, Duration timeout)
        implements MigrationStep {

    /** The kind of the timeline note each migration leaves; its detail starts with the command. */
    public static final String NOTE = "migration";
    /** Lines of alembic's output the note keeps. */
    static final int TAIL_LINES = 8;

    /** Checks the fields: a direction that contradicts the target, a blank service or a bound that is not positive. */
    public Migrate {
        Objects.requireNonNull(target, "a migration needs a target");
        target.direction(direction);
        if (service == null || service.isBlank() || database == null || database.isBlank()) {
            throw new IllegalArgumentException("a migration names its migrations service and its database, got '" + service + "' and '"
                    + database + "'");
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a migration's timeout must be positive, got " + timeout);
        }
    }

    /** The same migration run from the image of {@code migrationsService}. */
    public Migrate using(String migrationsService) {
        return new Migrate(target, direction, migrationsService, database, timeout);
    }

    /** The same migration of the PostgreSQL service {@code postgresService}. */
    public Migrate on(String postgresService) {
        return new Migrate(target, direction, service, postgresService, timeout);
    }

    /** The same migration, in the direction given rather than the target's. */
    public Migrate direction(MigrationTarget.Direction way) {
        return new Migrate(target, way, service, database, timeout);
    }

    /** The same migration, bounded by {@code bound}. */
    public Migrate within(Duration bound) {
        return new Migrate(target, direction, service, database, bound);
    }

    @Override
    public String name() {
        return "migrate(" + (direction == null ? "" : direction.command() + " ") + target + ")";
    }

    @Override
    public String run(SystemUnderTest system, Timeline timeline) {
        MigrationRunner alembic = new MigrationRunner(system, service, database);
        String before = alembic.current();
        MigrationTarget.Direction way = target.direction(direction)
                .orElseGet(() -> alembic.history().directionTo(target.to(), before));
        String command = "alembic " + way.command() + " " + target;
        long started = System.nanoTime();
        OneOff.Result result = alembic.alembic(timeout, way.command(), target.to());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String after = afterwards(alembic);
        String summary = command + " (" + service + " on " + database + "): " + before + " -> " + after + " in " + seconds(took)
                + (result.succeeded() ? "" : ", FAILED (exit " + result.exitCode() + "): " + MigrationRunner.error(result.output()));
        if (timeline != null) {
            timeline.note(NOTE, summary + "\n" + MigrationRunner.tail(result.output(), TAIL_LINES));
            if (result.succeeded() && !before.equals(after)) {
                ReleaseSteps.note(timeline, new ReleaseChange(database + " schema", revision(before), revision(after), name()));
            }
        }
        if (!result.succeeded()) {
            throw new StepFailure(summary, result.output());
        }
        return summary + "\n--- alembic's output ---\n" + result.output();
    }

    /** A revision as the evidence's releases name it: the id, or {@code (none)} for an empty history. */
    static String revision(String current) {
        return current == null || current.isBlank() ? "(none)" : current.replace(" -> ", " to ");
    }

    /** The revision after the migration; when even that cannot be read, what went wrong, so the note still says it. */
    private static String afterwards(MigrationRunner alembic) {
        try {
            return alembic.current();
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String seconds(Duration took) {
        return String.format(java.util.Locale.ROOT, "%.2f s", took.toMillis() / 1000.0);
    }
}
