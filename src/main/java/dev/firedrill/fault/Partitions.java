package dev.firedrill.fault;

import dev.firedrill.stack.Stack;
import eu.rekawek.toxiproxy.Proxy;

import java.io.IOException;

/**
 * Healing a partition: the container goes back on the stack network, and when the fault proxy fronts it,
 * the connections that crossed the partition are closed through the proxy (disable, enable), so that clients
 * reconnect at once instead of waiting out TCP's retransmission backoff on connections that went silent.
 */
public final class Partitions {

    private Partitions() {
    }

    /** Heals the partition of {@code service}; returns what it did. */
    public static String heal(Stack stack, String service, String step) {
        if (Containers.onNetwork(stack, service)) {
            return "'" + service + "' is attached to the stack network already";
        }
        stack.reconnect(service);
        String done = "reconnected '" + service + "' to the stack network";
        if (stack.definition().proxied(service)) {
            Proxy proxy = ProxyControl.proxy(stack, step, service);
            try {
                proxy.disable();
                proxy.enable();
            } catch (IOException e) {
                throw FaultException.of(step, service, "close the connections that crossed the partition", e);
            }
            done += "; closed the connections through the proxy that crossed the partition";
        }
        return done;
    }
}
