package dev.firedrill.fault;

import dev.firedrill.access.Postgres;

import dev.firedrill.Capability;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.SqlSessions;

import java.util.Set;

/**
 * A fault aimed at a PostgreSQL service that acts only through SQL sessions: it applies to any system whose
 * {@link SqlSessions} reach the service (a stack's PostgreSQL service, an external {@code jdbc:postgresql} one).
 */
interface PostgresFault extends TargetedFault<SqlSessions> {

    /** The system's SQL sessions, once {@link #service()} is known to be a service they reach. */
    @Override
    default SqlSessions target(SystemUnderTest system) {
        return Postgres.sessions(system, service(), name());
    }

    @Override
    default Set<Class<? extends Capability>> requires() {
        return Set.of(SqlSessions.class);
    }
}
