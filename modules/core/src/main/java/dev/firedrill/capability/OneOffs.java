package dev.firedrill.capability;

import dev.firedrill.Capability;

/**
 * One-off commands in fresh containers of a service's image on the system's network: how replicas are seeded,
 * backups restored into fresh servers and runbook scripts run beside the services.
 */
public interface OneOffs extends Capability {

    /** Runs {@code oneOff} to completion, then removes its container. */
    OneOff.Result run(OneOff oneOff);

    /** The id of the network one-offs join (a runbook script container joins it too). */
    String networkId();

    /** The image a service runs (its one-offs run it too). */
    String imageOf(String service);
}
