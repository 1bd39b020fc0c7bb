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

    /**
     * The image a service runs (its one-offs run it too). For a service only defined for one-offs (a Compose service with
     * {@code profiles}) the image it would run, built first when it has a {@code build} that changed, as
     * {@code docker compose run} does.
     */
    String imageOf(String service);

    /**
     * The services whose image a one-off can run: those the system runs and those it only defines for one-offs (a
     * Compose service with {@code profiles}, such as a {@code migrations} service).
     */
    java.util.Set<String> services();
}
