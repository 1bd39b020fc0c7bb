package dev.firedrill.capability;

import dev.firedrill.Capability;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A sidecar: a container of a helper image whose processes count as the service's own. Its cgroup is nested in the
 * service's, so the service's CPU quota (and memory limit) bound the service and the sidecar together, and the service's
 * CPU usage includes the sidecar's; it joins the service's PID namespace, so its processes are among the service's
 * processes and end when the service's process ends (a restart ends them, as it would end a runaway thread of the
 * service). Closing it ends its processes, then removes it. The CPU burn fault needs it. A stack Firedrill started
 * offers it where the engine uses cgroup v1 with the cgroupfs driver; the sidecar carries the run's labels, so the sweep
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
     * @param cpuWeight      its cgroup's CPU weight against the service's own threads, in threads: the kernel's fair
     *                       scheduler weighs a nested cgroup as one thread, so a sidecar of N busy processes that should
     *                       count as N busy threads of the service says N (1 .. 64)
     */
    record Spec(String name, String repository, Map<String, byte[]> buildContext, List<String> command, int cpuWeight) {

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
            if (cpuWeight < 1 || cpuWeight > 64) {
                throw new IllegalArgumentException("sidecar '" + name + "': cpuWeight must be 1 .. 64 threads, got " + cpuWeight);
            }
        }
    }

    /**
     * A sidecar at work; closing it stops it, kills any of its processes left in the service's PID namespace, then removes
     * its container (removing it alone would leave processes that joined that namespace running, outside any limit).
     */
    interface Sidecar extends AutoCloseable {

        /** The container's name, for the journal and the report. */
        String containerName();

        /** The service's cgroup (as {@code /proc/1/cgroup} of the service names it) and the sidecar's, nested in it. */
        String serviceCgroup();

        String cgroup();

        /** Its processes' ids, as the service sees them (they share its PID namespace). */
        List<Long> processes();

        /** Runs a command in the sidecar (e.g. to read its cgroup's usage). */
        ServiceCommands.CommandResult exec(String... command);

        /** Whether its container still runs. */
        boolean isRunning();

        /** What it has logged. */
        String logs();

        @Override
        void close();
    }
}
