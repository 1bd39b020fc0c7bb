package dev.firedrill.stack;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.capability.ServiceSidecars;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sidecars ({@link ServiceSidecars}) as Docker containers created with {@code --cgroup-parent} set to the service's own
 * cgroup, which the cgroupfs driver of cgroup v1 nests the sidecar's cgroup in: the service's CPU quota then bounds both,
 * and its CPU usage counts both; no privilege and no moving of processes between cgroups is needed. The sidecar joins
 * the service's PID namespace ({@code --pid container:<service>}): its processes are among the service's, and the end of
 * the service's first process (a restart) ends them. A process that joined another container's PID namespace outlives
 * its own container's removal, though (measured on this engine: stress-ng's workers lived on, moved to the root cgroup,
 * unlimited), so closing a sidecar stops it (SIGTERM, on which stress-ng ends its workers), then looks, from the service's
 * side, for any process still in the sidecar's cgroup and SIGKILLs it, and only then removes the sidecar. Should the harness die instead, the sweep removes the sidecar and the service of the dead run together, and the
 * service's end ends every process of its PID namespace. No network ({@code none}). Removed with the stack at the latest.
 */
final class StackSidecars implements ServiceSidecars {

    private static final Logger LOG = Logger.getLogger(StackSidecars.class.getName());
    private static final long EXEC_BOUND_SECONDS = 30;
    /** SIGTERM first: stress-ng, like most programs, ends its workers on it. */
    private static final long STOP_GRACE_SECONDS = 5;

    private final StackContainers containers;
    private final ContainerProcesses processes;
    private final List<Started> running = new ArrayList<>();

    StackSidecars(StackContainers containers, ContainerProcesses processes) {
        this.containers = containers;
        this.processes = processes;
    }

    @Override
    public Sidecar start(String service, Spec spec) {
        ServiceCommands.CommandResult own = processes.exec(service, "cat", "/proc/1/cgroup");
        if (!own.succeeded()) {
            throw new StackException("Could not read the cgroup of service '" + service + "' (cat /proc/1/cgroup in it exited "
                    + own.exitCode() + ": " + own.stderr().strip() + ")");
        }
        String parent = cpuCgroup(own.stdout()).orElseThrow(() -> new StackException("Service '" + service + "' runs in cgroup v2 ("
                + own.stdout().strip() + "): a sidecar nested in its cgroup needs cgroup v1 with the cgroupfs driver, since v2 lets no"
                + " cgroup that holds processes have child cgroups with controllers"));
        String image = HelperImages.ensure(containers.docker, spec.repository(), spec.buildContext(), "sidecar " + spec.name());
        String name = containers.containerName("sidecar-" + spec.name(), true);
        String id;
        try {
            id = containers.docker.createContainerCmd(image).withName(name).withLabels(containers.labels()).withCmd(spec.command())
                    .withHostConfig(HostConfig.newHostConfig().withCgroupParent(parent).withNetworkMode("none")
                            .withPidMode("container:" + containers.container(service).getContainerId())
                            .withCpuShares(1024 * spec.cpuWeight())).exec().getId();
        } catch (RuntimeException e) {
            throw StackException.of(service, "create the sidecar " + name + " (cgroup parent " + parent + ") of", e);
        }
        Started sidecar = new Started(service, name, id, parent);
        synchronized (this) {
            running.add(sidecar);
        }
        try {
            containers.docker.startContainerCmd(id).exec();
            sidecar.readCgroup();
            return sidecar;
        } catch (RuntimeException e) {
            String logs = sidecar.logs();
            sidecar.close();
            throw new StackException("Could not start the sidecar " + name + " in the cgroup of service '" + service + "' (" + parent + "): "
                    + e.getMessage() + (logs.isBlank() ? "" : "\n--- its output ---\n" + StackContainers.tail(logs, 20)), e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while ending a sidecar's processes", e);
        }
    }

    /** The path of the {@code cpu} controller's hierarchy in a {@code /proc/<pid>/cgroup}; empty under cgroup v2 alone. */
    static Optional<String> cpuCgroup(String procCgroup) {
        for (String line : procCgroup.split("\n")) {
            String[] parts = line.strip().split(":", 3);
            if (parts.length == 3 && List.of(parts[1].split(",")).contains("cpu")) {
                return Optional.of(parts[2]);
            }
        }
        return Optional.empty();
    }

    /** Removes every sidecar still running; the stack calls it before it removes the services. */
    void closeAll() {
        List<Started> left;
        synchronized (this) {
            left = new ArrayList<>(running);
        }
        left.forEach(Started::close);
    }

    private final class Started implements Sidecar {

        private final String service;
        private final String name;
        private final String id;
        private final String parent;
        private volatile String cgroup;

        Started(String service, String name, String id, String parent) {
            this.service = service;
            this.name = name;
            this.id = id;
            this.parent = parent;
        }

        void readCgroup() {
            // self, not 1: the sidecar shares the service's PID namespace, whose first process is the service's
            ServiceCommands.CommandResult r = exec("cat", "/proc/self/cgroup");
            String path = cpuCgroup(r.stdout()).orElse("");
            if (!path.startsWith(parent + "/")) {
                throw new StackException("the sidecar " + name + " runs in cgroup '" + path + "', not nested in the service's " + parent
                        + " (is the engine's cgroup driver cgroupfs? docker info says)");
            }
            cgroup = path;
        }

        @Override
        public String containerName() {
            return name;
        }

        @Override
        public String serviceCgroup() {
            return parent;
        }

        @Override
        public String cgroup() {
            return cgroup;
        }

        /** Its processes as the service sees them: those whose cgroup is the sidecar's. */
        @Override
        public List<Long> processes() {
            String script = "for d in /proc/[0-9]*; do grep -qF '" + cgroup + "' $d/cgroup 2>/dev/null && echo ${d#/proc/}; done; true";
            ServiceCommands.CommandResult r = processes.exec(service, "sh", "-c", script);
            if (!r.succeeded()) {
                throw new StackException("Could not list the processes of the sidecar " + name + " in service '" + service + "': "
                        + r.stderr().strip());
            }
            return r.stdout().lines().map(String::strip).filter(l -> l.matches("\\d+")).map(Long::parseLong).toList();
        }

        /** SIGKILLs, from the service's side, whatever is left of the sidecar's processes; fails naming them if some stay. */
        private void killLeft() {
            List<Long> left = processes();
            for (int round = 0; !left.isEmpty() && round < 20; round++) {
                processes.exec(service, "sh", "-c", "kill -KILL " + left.stream().map(String::valueOf).reduce((x, y) -> x + " " + y).orElse("")
                        + " 2>/dev/null; true");
                sleep();
                left = processes();
            }
            if (!left.isEmpty()) {
                throw new StackException("Processes " + left + " of the sidecar " + name + " outlived it in service '" + service + "'; end"
                        + " them by hand: docker exec <the container of " + service + "> kill -KILL " + left);
            }
        }

        @Override
        public ServiceCommands.CommandResult exec(String... command) {
            StringBuilder out = new StringBuilder();
            StringBuilder err = new StringBuilder();
            try {
                String exec = containers.docker.execCreateCmd(id).withCmd(command).withAttachStdout(true).withAttachStderr(true).exec().getId();
                boolean done = containers.docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        (frame.getStreamType() == StreamType.STDERR ? err : out).append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                }).awaitCompletion(EXEC_BOUND_SECONDS, TimeUnit.SECONDS);
                if (!done) {
                    throw new StackException("'" + String.join(" ", command) + "' in the sidecar " + name + " did not end within "
                            + EXEC_BOUND_SECONDS + " s");
                }
                Long code = containers.docker.inspectExecCmd(exec).exec().getExitCodeLong();
                return new ServiceCommands.CommandResult(code == null ? -1 : code.intValue(), out.toString(), err.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while running '" + String.join(" ", command) + "' in the sidecar " + name, e);
            }
        }

        @Override
        public boolean isRunning() {
            try {
                return Boolean.TRUE.equals(containers.docker.inspectContainerCmd(id).exec().getState().getRunning());
            } catch (NotFoundException e) {
                return false;
            }
        }

        @Override
        public String logs() {
            StringBuilder out = new StringBuilder();
            try {
                containers.docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                        out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                }).awaitCompletion(EXEC_BOUND_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                return "";
            }
            return out.toString();
        }

        /** Kills its processes (when it still runs: a restart of the service may have ended them), then removes it. */
        @Override
        public void close() {
            synchronized (StackSidecars.this) {
                if (!running.remove(this)) {
                    return;
                }
            }
            try {
                if (isRunning()) {
                    containers.docker.stopContainerCmd(id).withTimeout((int) STOP_GRACE_SECONDS).exec();
                }
                if (cgroup != null && processes.isRunning(service)) {
                    killLeft();
                }
                containers.docker.removeContainerCmd(id).withForce(true).exec();
            } catch (NotFoundException gone) {
                // removed already (the sweep, or by hand)
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not remove the sidecar " + name + " of stack " + containers.runId + ": " + e.getMessage());
                throw new StackException("Could not remove the sidecar " + name + ": " + e.getMessage() + "; remove it by hand: docker rm -f " + name, e);
            }
        }
    }
}
