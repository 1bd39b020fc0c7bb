package dev.firedrill.capability;

import dev.firedrill.Capability;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The processes of a system's services: killed, stopped, paused, started again, recreated or destroyed, and the whole
 * system taken down and brought up again. Process faults (kill, stop, pause, destroy), restarts and the maintenance
 * procedures stack-down and stack-up need it.
 */
public interface ServiceProcesses extends Capability {

    /** SIGKILL every process of the service. */
    void kill(String service);

    /** SIGTERM, then SIGKILL after {@code grace}. */
    void stop(String service, Duration grace);

    /** Starts the service's stopped or killed container again (its data kept). */
    void start(String service);

    /** Stops and starts the service. */
    void restart(String service);

    /** Removes the service's container and starts a fresh one from its definition (volumes kept). */
    void recreate(String service);

    /** Removes the service's container and its data volumes: the data is gone. */
    void destroy(String service);

    /**
     * {@code docker compose down}: every service of the system except those in {@code keep} (and the fault proxy,
     * which stands for the network and is never taken down) stopped, dependents before what they depend on (SIGTERM,
     * then SIGKILL after {@code grace}), and its container removed; named volumes are kept, as Compose keeps them.
     * Returns the services taken down, in that order.
     */
    List<String> down(Set<String> keep, Duration grace);

    /**
     * {@code docker compose up -d}: every service of the system without a running container brought up, dependencies
     * first: a removed one created afresh from its definition (or the image a release deployed to it), a stopped one
     * started again; each waited for until ready. Returns the services brought up, in that order.
     */
    List<String> up();

    /** Freezes every process of the service. */
    void pause(String service);

    /** Thaws the service's processes. */
    void unpause(String service);

    /** Whether the service's processes run (not killed, stopped or missing). */
    boolean isRunning(String service);

    /** Whether the service's processes are frozen. */
    boolean isPaused(String service);

    /** When the service's process last started (an opaque text that changes with every start). */
    String startedAt(String service);

    /** Waits until the service is ready: its health check passes, or else its ports accept connections. */
    void awaitReady(String service);

    /** Everything the service has logged so far. */
    String logs(String service);
}
