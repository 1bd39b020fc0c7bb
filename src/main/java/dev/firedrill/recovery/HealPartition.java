package dev.firedrill.recovery;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.fault.Partitions;
import dev.firedrill.fault.Targets;
import dev.firedrill.stack.Stack;

/** Reconnects a partitioned service to the stack network and drops the connections that crossed the partition (see {@code Partitions}). */
record HealPartition(String service) implements Recovery {

    HealPartition {
        Recoveries.requireService(service, "healPartition");
    }

    @Override
    public String name() {
        return "healPartition(" + service + ")";
    }

    @Override
    public void validate(SystemUnderTest system) {
        Targets.stack(system, name(), service);
    }

    @Override
    public String run(SystemUnderTest system) {
        Stack stack = Targets.stack(system, name(), service);
        return Partitions.heal(stack, service, name());
    }
}
