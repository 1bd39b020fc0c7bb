package dev.firedrill.recovery;

import dev.firedrill.Capability;
import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.access.Postgres;
import dev.firedrill.capability.SqlSessions;

import java.util.Set;

/**
 * What the procedures on a PostgreSQL service's sessions share (terminate-blockers, terminate-idle-sessions,
 * terminate-long-queries): they act through {@link SqlSessions} on a service that speaks PostgreSQL, and check both
 * before the drill starts.
 */
interface SessionsStep extends Recovery {

    /** The PostgreSQL service whose sessions the step acts on. */
    String service();

    @Override
    default Set<Class<? extends Capability>> requires() {
        return Set.of(SqlSessions.class);
    }

    @Override
    default void validate(SystemUnderTest system) {
        Postgres.sessions(system, service(), name());
    }
}
