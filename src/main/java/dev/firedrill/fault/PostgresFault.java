package dev.firedrill.fault;

import dev.firedrill.SystemUnderTest;
import dev.firedrill.stack.Stack;

/** A fault aimed at a PostgreSQL service: its target must be one. */
interface PostgresFault extends ServiceFault {

    @Override
    default Stack target(SystemUnderTest system) {
        return Targets.postgres(system, name(), service());
    }
}
