package dev.firedrill.capability;

import dev.firedrill.Capability;

/** The network the services share: a service cut from it (a partition) and joined again. */
public interface Network extends Capability {

    /** Cuts the service from the network: nothing reaches it and it reaches nothing. */
    void disconnect(String service);

    /** Joins the service to the network again, under its names. */
    void reconnect(String service);

    /** Whether the service is attached to the network. */
    boolean isAttached(String service);

    /** The name other services reach {@code service} by on this network (the proxy's upstream alias when a proxy fronts it). */
    String address(String service);
}
