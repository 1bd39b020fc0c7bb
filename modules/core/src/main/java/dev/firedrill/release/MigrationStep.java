package dev.firedrill.release;

import dev.firedrill.ActsOn;
import dev.firedrill.Capability;
import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.capability.OneOffs;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the alembic steps share ({@code migrate}, {@code migration-current}): they run one-offs of the migrations
 * service against a database, act on both, and note on the drill's timeline when there is one (none outside a drill).
 */
interface MigrationStep extends Recovery, ActsOn {

    /** The service whose image carries the alembic project. */
    String service();

    /** The PostgreSQL service migrated. */
    String database();

    @Override
    default Set<Class<? extends Capability>> requires() {
        return Set.of(OneOffs.class);
    }

    @Override
    default Set<String> actsOn() {
        return new LinkedHashSet<>(List.of(database(), service()));
    }

    @Override
    default void validate(SystemUnderTest system) {
        MigrationRunner.validate(system, service(), database(), name());
    }

    @Override
    default String run(SystemUnderTest system) {
        return run(system, null);
    }

    @Override
    String run(SystemUnderTest system, Timeline timeline);
}
