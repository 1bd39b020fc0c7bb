package dev.firedrill.access;

import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.FaultProxy;
import dev.firedrill.capability.LinkCut;
import dev.firedrill.capability.Network;

import java.util.ArrayList;
import java.util.List;

/**
 * Healing a partition. A whole one: the service goes back on the network, and when the fault proxy fronts it, the
 * connections that crossed the partition are closed through the proxy (disable, enable), so that clients reconnect at
 * once instead of waiting out TCP's retransmission backoff on connections that went silent. A partial one: exactly the
 * links its cuts cut are restored, nothing else.
 */
public final class Partitions {

    private Partitions() {
    }

    /** Heals every partition of {@code service}: restores each cut of its links, then reconnects it; returns what it did. */
    public static String heal(SystemUnderTest system, String service, String step) {
        Network network = system.require(Network.class, step);
        List<String> done = new ArrayList<>();
        for (LinkCut cut : network.cuts(service)) {
            network.restore(cut);
            done.add("restored the links of " + cut.describe());
        }
        if (!network.isAttached(service)) {
            done.add(reconnect(system, service, step));
        }
        return done.isEmpty() ? "'" + service + "' is attached to the network already and none of its links is cut" : String.join("; ", done);
    }

    /** Heals the whole partition of {@code service} only (its cut links stay cut); returns what it did. */
    public static String reconnect(SystemUnderTest system, String service, String step) {
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
