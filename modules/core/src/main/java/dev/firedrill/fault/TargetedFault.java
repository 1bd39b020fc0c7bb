package dev.firedrill.fault;

import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;

/**
 * A fault aimed at one service, acting on what {@link #target} makes of the system (a stack, or any system
 * whose service it can reach). Checking the target and acting on it go through the same {@link #target}, so
 * what {@link #validate} accepts is exactly what {@link #inject(SystemUnderTest)} acts on.
 *
 * @param <T> what the fault acts on once its target is checked: the capability it needs, or the system
 */
interface TargetedFault<T> extends Fault {

    /** The service this fault acts on. */
    String service();

    /** {@code system} as this fault acts on it, once {@link #service()} is known to be a fitting service of it; otherwise an error saying why. */
    T target(SystemUnderTest system);

    /**
     * Injects the fault into {@code target}, whose {@link #service()} has been checked by {@link #target}.
     * Callers use {@link #inject(SystemUnderTest)}, which checks first (a distinct name, so that passing
     * a {@code Stack} can never skip the check by overload).
     */
    Injection injectInto(T target);

    /**
     * {@code injectInto(T)}, telling {@code events} when the fault acts and handing it the undo
     * (see {@link Fault#inject(SystemUnderTest, FaultEvents)}); by default it acts as the injection begins, and
     * hands the undo over once verified.
     */
    default Injection injectInto(T target, FaultEvents events) {
        events.acting();
        Injection injection = injectInto(target);
        events.accept(injection);
        return injection;
    }

    @Override
    default void validate(SystemUnderTest system) {
        target(system);
    }

    @Override
    default Injection inject(SystemUnderTest system) {
        return injectInto(target(system));
    }

    @Override
    default Injection inject(SystemUnderTest system, FaultEvents events) {
        T target = target(system);
        return injectInto(target, events);
    }
}
