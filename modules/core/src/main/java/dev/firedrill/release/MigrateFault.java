package dev.firedrill.release;

import dev.firedrill.ActsOn;
import dev.firedrill.Capability;
import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.Leftover;
import dev.firedrill.ReleaseChange;
import dev.firedrill.SystemUnderTest;

import java.util.Set;

/**
 * A schema migration as part of the fault: the upgrade scripts of a bad major release (runbook 001 §Major Version Update,
 * "run upgrade scripts"), e.g. {@code alembic upgrade head} through a destructive revision that drops a column. It acts as
 * alembic starts, and has taken effect once {@code alembic current} says the schema moved. Its undo migrates the schema
 * back to the revision it found, unless something else moved it since (a restore of the pre-upgrade backup brings back
 * that revision with its data, which an alembic downgrade cannot: a dropped column comes back empty).
 *
 * <p>Example: {@code ReleaseSteps.badMigration(Migrations.migrate("head"))}
 *
 * @param migration the migration run (its target, migrations service and database)
 */
public record MigrateFault(Migrate migration) implements Fault, ActsOn {

    public MigrateFault {
        java.util.Objects.requireNonNull(migration, "a migrate fault needs its migration");
    }

    @Override
    public String name() {
        return migration.name();
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return migration.requires();
    }

    @Override
    public Set<String> actsOn() {
        return migration.actsOn();
    }

    @Override
    public void validate(SystemUnderTest system) {
        migration.validate(system);
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        return inject(system, FaultEvents.ignored());
    }

    @Override
    public Injection inject(SystemUnderTest system, FaultEvents events) {
        validate(system);
        MigrationRunner alembic = new MigrationRunner(system, migration.service(), migration.database());
        String before = alembic.current();
        String subject = migration.database() + " schema";
        Object lock = new Object();
        String[] after = new String[1];   // the revision the migration left, once it ran
        Injection undo = () -> {
            synchronized (lock) {
                String left = after[0];
                after[0] = null;          // undone once
                if (left == null) {
                    return;
                }
                String now = alembic.current();
                if (now.equals(left) && !now.equals(before)) {
                    new Migrate(new MigrationTarget(before), null, migration.service(), migration.database(), migration.timeout())
                            .run(system, null);
                    events.changed(new ReleaseChange(subject, Migrate.revision(now), Migrate.revision(before), "undo of " + name()));
                }
            }
        };
        events.willLeave(Leftover.withStack("schema of " + migration.database() + " migrated from " + before + " by " + name()));
        synchronized (lock) {
            events.acting();
            events.accept(undo);
            migration.run(system, null);
            String now = alembic.current();
            if (now.equals(before)) {
                throw new FaultNotEffectiveException(name() + ": the schema of " + migration.database() + " is at " + before
                        + " already; the migration changes nothing");
            }
            after[0] = now;
            events.changed(new ReleaseChange(subject, Migrate.revision(before), Migrate.revision(now), name()));
        }
        return undo;
    }
}
