package dev.firedrill.capability;

import dev.firedrill.Capability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A sidecar: a container of a helper image whose processes count as the service's own for the kernel's resource
 * accounting. Its cgroup is nested in the service's, so the service's CPU quota (and memory limit) bound the service
 * and the sidecar together, and the service's CPU usage includes the sidecar's; it runs in a PID namespace of its own,
 * so removing the sidecar ends every process it started. The CPU burn fault needs it. A stack Firedrill started offers
 * it where the engine uses cgroup v1 with the cgroupfs driver; the sidecar carries the run's labels, so the sweep
 * removes it should the harness die.
 */
public interface ServiceSidecars extends Capability {

    /** Builds the sidecar's image if the engine lacks it, starts it beside {@code service}, and returns it running. */
    Sidecar start(String service, Spec spec);

    /**
     * What to run.
     *
     * @param name         a short name, [a-z0-9-], in the container's name
     * @param repository   the image repository; the tag is a hash of the build context (see {@link HelperContainers.Helper})
     * @param buildContext the files of the image, a {@code Dockerfile} among them, built with {@code BASE_IMAGE} set
     * @param command      the sidecar's command
     */
    record Spec(String name, String repository, Map<String, byte[]> buildContext, List<String> command) {

        public Spec {
            if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalArgumentException("a sidecar's name must match [a-z0-9][a-z0-9-]*, got '" + name + "'");
            }
            Objects.requireNonNull(repository, "the sidecar's image repository");
            buildContext = Map.copyOf(new LinkedHashMap<>(buildContext));
            if (!buildContext.containsKey("Dockerfile")) {
                throw new IllegalArgumentException("sidecar '" + name + "' has no Dockerfile in its build context " + buildContext.keySet());
            }
            command = List.copyOf(command);
            if (command.isEmpty()) {
                throw new IllegalArgumentException("sidecar '" + name + "' needs a command");
            }
        }
    }

    /** A sidecar at work; closing it removes its container, and with it every process it started. */
    interface Sidecar extends AutoCloseable {

        /** The container's name, for the journal and the report. */
        String containerName();

        /** The service's cgroup (as {@code /proc/1/cgroup} of the service names it) and the sidecar's, nested in it. */
        String serviceCgroup();

        String cgroup();

        /** Runs a command in the sidecar (e.g. to list its processes). */
        ServiceCommands.CommandResult exec(String... command);

        /** Whether its container still runs. */
        boolean isRunning();

        /** What it has logged. */
        String logs();

        @Override
        void close();
    }
}
