package dev.firedrill.fault;

import dev.firedrill.Fault;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.stack.Stack;

/**
 * A fault aimed at one service of a stack the harness started. Checking the target and acting on it
 * go through the same {@link #target}, so what {@link #validate} accepts is exactly what
 * {@link #inject(SystemUnderTest)} acts on.
 */
interface ServiceFault extends Fault {

    /** The service of the stack this fault acts on. */
    String service();

    /**
     * Injects the fault into {@code stack}, whose {@link #service()} has been checked by {@link #target}.
     * Callers use {@link #inject(SystemUnderTest)}, which checks first (a distinct name, so that passing
     * a {@code Stack} can never skip the check by overload).
     */
    Injection injectInto(Stack stack);

    /** The stack, once {@link #service()} is known to be in it and of the kind this fault needs. */
    default Stack target(SystemUnderTest system) {
        return Targets.stack(system, name(), service());
    }

    @Override
    default void validate(SystemUnderTest system) {
        target(system);
    }

    @Override
    default Injection inject(SystemUnderTest system) {
        return injectInto(target(system));
    }
}
