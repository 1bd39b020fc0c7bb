package dev.firedrill.recovery;

import dev.firedrill.Capability;
import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.Network;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.capability.ServiceScaling;

import java.util.Optional;
import java.util.Set;

/**
 * What {@link ScaleOut} and {@link ScaleIn} share: the instances of a service changed through {@link ServiceScaling},
 * and, when {@code behind} names an nginx load balancer, its rotation rewritten (a command in its container, reached
 * on the stack's network).
 */
interface ScalingStep extends Recovery {

    /** The service whose instances change. */
    String service();

    /** The load balancer whose rotation follows, if any. */
    Optional<String> behind();

    @Override
    default Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceScaling.class, ServiceCommands.class, Network.class);
    }

    @Override
    default void validate(SystemUnderTest system) {
        system.requireService(service(), name());
        behind().ifPresent(lb -> {
            system.requireService(lb, name());
            if (lb.equals(service())) {
                throw new IllegalArgumentException(name() + ": behind must name the load balancer in front of '" + service() + "', not the service itself");
            }
        });
    }
}
