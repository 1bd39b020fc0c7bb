package dev.firedrill.recovery;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.fault.Containers;
import dev.firedrill.fault.Targets;
import dev.firedrill.stack.Stack;

/** Reconnects a partitioned service's container to the stack network (no-op when it is attached). */
record HealPartition(String service) implements Recovery {

    HealPartition {
        Recoveries.requireService(service, "healPartition");
    }

    @Override
    public String name() {
        return "healPartition(" + service + ")";
    }

    @Override
    public String run(SystemUnderTest system) {
        Stack stack = Targets.stack(system, name(), service);
        if (Containers.onNetwork(stack, service)) {
            return "'" + service + "' is attached to the stack network already";
        }
        stack.reconnect(service);
        return "reconnected '" + service + "' to the stack network";
    }
}
