package dev.firedrill.access;

import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.FaultProxy;
import dev.firedrill.capability.Network;

/**
 * Healing a partition: the service goes back on the network, and when the fault proxy fronts it, the connections
 * that crossed the partition are closed through the proxy (disable, enable), so that clients reconnect at once
 * instead of waiting out TCP's retransmission backoff on connections that went silent.
 */
public final class Partitions {

    private Partitions() {
    }

    /** Heals the partition of {@code service}; returns what it did. */
    public static String heal(SystemUnderTest system, String service, String step) {
        Network network = system.require(Network.class, step);
        if (network.isAttached(service)) {
            return "'" + service + "' is attached to the network already";
        }
        network.reconnect(service);
        String done = "reconnected '" + service + "' to the network";
        var proxy = system.capability(FaultProxy.class).filter(p -> p.frontedServices().contains(service));
        if (proxy.isPresent()) {
            String name = proxy.get().route(service, step).proxy();
            proxy.get().setEnabled(name, false);
            proxy.get().setEnabled(name, true);
            done += "; closed the connections through the proxy that crossed the partition";
        }
        return done;
    }
}
