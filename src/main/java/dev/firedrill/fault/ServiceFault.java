package dev.firedrill.fault;

import dev.firedrill.SystemUnderTest;
import dev.firedrill.stack.Stack;

/** A fault aimed at one service of a stack the harness started: it acts on the container stack. */
interface ServiceFault extends TargetedFault<Stack> {

    /** The stack, once {@link #service()} is known to be in it and of the kind this fault needs. */
    @Override
    default Stack target(SystemUnderTest system) {
        return Targets.stack(system, name(), service());
    }
}
