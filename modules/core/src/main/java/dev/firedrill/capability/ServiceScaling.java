package dev.firedrill.capability;

import dev.firedrill.Capability;
import dev.firedrill.Endpoint;

import java.util.List;
import java.util.Optional;

/**
 * More instances of a service, and fewer again: Compose's {@code docker compose up --scale <service>=N}. The service's
 * own container is its first instance; the extra ones are containers of the same definition (the image the service
 * runs now, its environment, command, health check and limits) on the system's network, named and reached by the
 * services as {@code <service>-2}, {@code <service>-3}, ... Each extra instance counts only once it is ready (its health
 * check passes, else its ports accept connections). The scale-out and scale-in procedures need it; a load balancer in
 * front is theirs to reconfigure. A stack Firedrill started offers it: the extra instances carry the run's labels, so
 * they go with the stack, or with the sweep should the harness die.
 */
public interface ServiceScaling extends Capability {

    /** The service's instances now, in order: the service itself first, then {@code <service>-2}, ... */
    List<String> instances(String service);

    /**
     * Starts or removes extra instances until the service has {@code count} (at least 1): new ones are started in
     * order and each waited for until ready; the last ones are removed first. Returns the instances then.
     */
    List<String> scaleTo(String service, int count);

    /** The service an instance belongs to: the service itself, or the one whose extra instance it is; empty if neither. */
    Optional<String> serviceOf(String instance);

    /** The name other services reach an extra instance by (its network alias, the instance's name). */
    default String address(String instance) {
        return instance;
    }

    /** Where the harness reaches an instance's port directly (its mapped port). */
    Endpoint endpoint(String instance, int port);
}
