package dev.firedrill.capability;

import dev.firedrill.Capability;

import java.net.InetAddress;

/**
 * Listeners the harness opens for the system to call back (the webhook Alertmanager delivers alerts to): the address
 * on this host the system's services reach. A stack Firedrill started offers it (its network's gateway); an external
 * system does not, so a drill there reads what it needs from the system's own APIs instead.
 */
public interface HostCallbacks extends Capability {

    /**
     * The local address to listen on, which the services also use to reach the listener (e.g. {@code 172.18.0.1}); a
     * listener bound there is reachable from the system's network, not from elsewhere.
     */
    InetAddress callbackAddress();
}
