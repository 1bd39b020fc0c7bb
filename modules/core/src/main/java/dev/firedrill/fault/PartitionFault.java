package dev.firedrill.fault;

import dev.firedrill.access.Partitions;

import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.Capability;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.FaultProxy;
import dev.firedrill.capability.Network;
import java.util.Optional;
import java.util.Set;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * A partition: the service's container is disconnected from the stack network. Takes effect when the
 * container is no longer on the network and, for a proxied service, a round trip through the proxy fails
 * (the proxy cannot reach it). Undo (and {@code Recoveries.healPartition}) reconnects it.
 */
record PartitionFault(String service) implements TargetedFault<SystemUnderTest> {

    static final Duration EFFECT_BOUND = Duration.ofSeconds(10);

    PartitionFault {
        Faults.requireService(service, "partition");
    }

    @Override
    public String name() {
        return "partition(" + service + ")";
    }

    /** The system, once it is known to offer a {@link Network} and to have {@link #service()}. */
    @Override
    public SystemUnderTest target(SystemUnderTest system) {
        system.requireService(service, name());
        system.require(Network.class, name());
        return system;
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(Network.class);
    }

    @Override
    public Injection injectInto(SystemUnderTest system) {
        Network network = system.require(Network.class, name());
        network.disconnect(service);
        AtomicBoolean undone = new AtomicBoolean();
        Injection undo = () -> {
            if (undone.compareAndSet(false, true)) {
                Partitions.heal(system, service, name());
            }
        };
        try {
            AtomicReference<String> last = new AtomicReference<>("not checked");
            Optional<FaultProxy.Route> route = system.capability(FaultProxy.class).filter(p -> p.frontedServices().contains(service))
                    .map(p -> p.route(service, name()));
            await(name() + " cut from the network").atMost(EFFECT_BOUND).pollInterval(Duration.ofMillis(100)).pollInSameThread()
                    .until(() -> {
                        if (network.isAttached(service)) {
                            last.set("the container is still attached to the stack network");
                            return false;
                        }
                        if (route.isEmpty()) {
                            return true;
                        }
                        RoundTrip.Result r = RoundTrip.once(route.get().endpoint(), RoundTrip.Protocol.of(route.get().protocol()), Duration.ofSeconds(2));
                        last.set("a round trip through the proxy: " + r);
                        return !r.answered();
                    });
        } catch (ConditionTimeoutException e) {
            undo.close();
            throw new FaultNotEffectiveException(name() + ": '" + service + "' still reachable " + EFFECT_BOUND + " after the disconnect");
        } catch (RuntimeException e) {
            undo.close();
            throw e;
        }
        return undo;
    }
}
