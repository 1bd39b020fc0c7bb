package dev.firedrill.fault;

import dev.firedrill.access.Partitions;

import dev.firedrill.FaultEvents;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.Capability;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.FaultProxy;
import dev.firedrill.capability.LinkCut;
import dev.firedrill.capability.Network;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * A partition, whole or partial.
 *
 * <p>Whole (no {@code from}): the service's container is disconnected from the stack network. Takes effect when the
 * container is no longer on the network and, for a proxied service, a round trip through the proxy fails (the proxy
 * cannot reach it). Undo reconnects it.
 *
 * <p>Partial ({@code from}): only the links between the service and those peers are cut, one way or both, every other
 * path left as it is ({@link LinkCut}: the leader loses the consensus store but still sees its clients). Takes effect
 * when the network reads the cut back in place; undo restores exactly those links. {@code Recoveries.healPartition}
 * heals both kinds.
 *
 * <p>Example: {@code Faults.partition("leader").from("etcd").direction(LinkCut.Direction.OUTBOUND)}
 *
 * @param from      the services it is cut from; empty for a whole partition
 * @param direction which way the links are cut; {@code BOTH} for a whole partition
 */
public record PartitionFault(String service, List<String> from, LinkCut.Direction direction) implements TargetedFault<SystemUnderTest> {

    static final Duration EFFECT_BOUND = Duration.ofSeconds(10);

    public PartitionFault {
        Faults.requireService(service, "partition");
        Objects.requireNonNull(direction, () -> "partition(" + service + "): the direction must be one of " + LinkCut.Direction.names());
        from = from == null ? List.of() : from;
        if (!from.isEmpty()) {
            LinkCut.requirePeers(service, from, "partition");
            from = List.copyOf(from);
        } else if (direction != LinkCut.Direction.BOTH) {
            throw new IllegalArgumentException("partition(" + service + "): direction '" + direction.text() + "' needs 'from', the services"
                    + " the target is cut from; a whole partition cuts every link both ways");
        }
    }

    /** The same service, cut from {@code peers} only (both ways unless {@link #direction} says otherwise). */
    public PartitionFault from(String... peers) {
        return from(Arrays.asList(peers));
    }

    /** The same service, cut from {@code peers} only: not empty, each named once, not the service itself. */
    public PartitionFault from(List<String> peers) {
        LinkCut.requirePeers(service, peers, "partition");
        return new PartitionFault(service, peers, direction);
    }

    /** The same cut, one way or both ({@code INBOUND}, {@code OUTBOUND} need {@link #from}). */
    public PartitionFault direction(LinkCut.Direction direction) {
        return new PartitionFault(service, from, direction);
    }

    @Override
    public String name() {
        return from.isEmpty() ? "partition(" + service + ")"
                : "partition(" + service + " from " + String.join(", ", from) + (direction == LinkCut.Direction.BOTH ? "" : ", " + direction.text()) + ")";
    }

    /** The system, once it is known to offer a {@link Network} and to have {@link #service()} and every peer. */
    @Override
    public SystemUnderTest target(SystemUnderTest system) {
        system.requireService(service, name());
        from.forEach(peer -> system.requireService(peer, name()));
        Network network = system.require(Network.class, name());
        if (!from.isEmpty()) {
            network.prepareCut(LinkCut.of(service, from, direction));
        }
        return system;
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(Network.class);
    }

    @Override
    public Injection injectInto(SystemUnderTest system) {
        return injectInto(system, FaultEvents.ignored());
    }

    @Override
    public Injection injectInto(SystemUnderTest system, FaultEvents events) {
        Network network = system.require(Network.class, name());
        return from.isEmpty() ? disconnect(system, network, events) : cutLinks(network, events);
    }

    /** Cuts the links, dated as the network begins to write them; the cut is journalled first, as the network says it lasts. */
    private Injection cutLinks(Network network, FaultEvents events) {
        LinkCut cut = LinkCut.of(service, from, direction);
        events.willLeave(network.leftover(cut));
        Injection undo = () -> network.restore(cut);
        try {
            network.cut(cut, events::acting);
        } catch (IllegalStateException e) {
            undo.close();
            throw new FaultNotEffectiveException(name() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            undo.close();
            throw e;
        }
        events.accept(undo);
        return undo;
    }

    private Injection disconnect(SystemUnderTest system, Network network, FaultEvents events) {
        events.acting();
        network.disconnect(service);
        AtomicBoolean undone = new AtomicBoolean();
        Injection undo = () -> {
            if (undone.compareAndSet(false, true)) {
                Partitions.reconnect(system, service, name());
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
        events.accept(undo);
        return undo;
    }
}
