package dev.firedrill.fault;

import dev.firedrill.Fault;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;

/**
 * A fault aimed at a PostgreSQL service that acts only through SQL sessions ({@link Postgres}): its target
 * must be a stack's PostgreSQL service or an external system's {@code jdbc:postgresql} service, and it acts
 * on both alike. Checking the target and acting on it go through the same {@link #target}.
 */
interface PostgresFault extends Fault {

    /** The PostgreSQL service this fault acts on. */
    String service();

    /**
     * Injects the fault into {@code system}, whose {@link #service()} has been checked by {@link #target}
     * (callers use {@link #inject(SystemUnderTest)}, which checks first).
     */
    Injection injectChecked(SystemUnderTest system);

    /** The system, once {@link #service()} is known to be a PostgreSQL service of it that SQL sessions reach. */
    default SystemUnderTest target(SystemUnderTest system) {
        return Targets.postgres(system, name(), service());
    }

    @Override
    default void validate(SystemUnderTest system) {
        target(system);
    }

    @Override
    default Injection inject(SystemUnderTest system) {
        return injectChecked(target(system));
    }
}
