package dev.firedrill.fault;

import dev.firedrill.Capability;
import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;

import java.util.Set;

/**
 * A fault that changes one thing about another fault (when it is injected, whether it marks the disruption) and
 * otherwise is that fault: its name, capabilities, checks and injection are the wrapped fault's unless it says
 * otherwise.
 */
interface WrappingFault extends Fault {

    /** The fault wrapped. */
    Fault fault();

    @Override
    default String name() {
        return fault().name();
    }

    @Override
    default Set<Class<? extends Capability>> requires() {
        return fault().requires();
    }

    @Override
    default void validate(SystemUnderTest system) {
        fault().validate(system);
    }

    @Override
    default boolean marksDisruption() {
        return fault().marksDisruption();
    }

    @Override
    default Injection inject(SystemUnderTest system) {
        return inject(system, FaultEvents.ignored());
    }

    @Override
    default Injection inject(SystemUnderTest system, FaultEvents events) {
        return fault().inject(system, events);
    }
}
