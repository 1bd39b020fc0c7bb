package dev.firedrill.fault;

import dev.firedrill.SystemUnderTest;

/**
 * A fault aimed at a PostgreSQL service that acts only through SQL sessions ({@link Postgres}): its target
 * must be a stack's PostgreSQL service or an external system's {@code jdbc:postgresql} service, and it acts
 * on both alike.
 */
interface PostgresFault extends TargetedFault<SystemUnderTest> {

    /** The system, once {@link #service()} is known to be a PostgreSQL service of it that SQL sessions reach. */
    @Override
    default SystemUnderTest target(SystemUnderTest system) {
        return Targets.postgres(system, name(), service());
    }
}
