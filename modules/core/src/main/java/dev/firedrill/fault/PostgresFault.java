package dev.firedrill.fault;

import dev.firedrill.Capability;
import dev.firedrill.FaultEvents;
import dev.firedrill.Injection;
import dev.firedrill.Leftover;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.access.Postgres;
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

    /** What it leaves should this JVM die while it holds: by default its sessions, which close with the JVM. */
    default Leftover leftover() {
        return Leftover.endsWithJvm("its sessions on " + service() + " close when the JVM that holds them ends");
    }

    /** Says what it will leave (the fault journal), then acts as {@link TargetedFault} does. */
    @Override
    default Injection inject(SystemUnderTest system, FaultEvents events) {
        SqlSessions sql = target(system);
        events.willLeave(leftover());
        return injectInto(sql, events);
    }
}
