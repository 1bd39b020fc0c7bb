package dev.firedrill.capability;

import dev.firedrill.Capability;

import java.time.Duration;

/**
 * The processes of a system's services: killed, stopped, paused, started again, recreated or destroyed.
 * Process faults (kill, stop, pause, destroy) and restarts need it.
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
