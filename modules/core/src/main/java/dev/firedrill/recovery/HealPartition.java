package dev.firedrill.recovery;

import dev.firedrill.Capability;
import java.util.Set;
import dev.firedrill.capability.Network;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.access.Partitions;

/**
 * Heals the partitions of a service (see {@code Partitions}): restores exactly the links its partial partitions cut, and
 * reconnects it to the stack network when it was cut whole (dropping the connections that crossed that partition).
 */
record HealPartition(String service) implements Recovery {

    HealPartition {
        Recoveries.requireService(service, "healPartition");
    }

    @Override
    public String name() {
        return "healPartition(" + service + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(Network.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
        system.require(Network.class, name());
    }

    @Override
    public String run(SystemUnderTest system) {
        validate(system);
        return Partitions.heal(system, service, name());
    }
}
