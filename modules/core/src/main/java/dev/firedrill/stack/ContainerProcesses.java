package dev.firedrill.stack;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.firedrill.Endpoint;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.capability.ServiceProcesses;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.ExecCreateCmd;
import com.github.dockerjava.api.model.Frame;

import static org.awaitility.Awaitility.await;

/** A stack's services as Docker containers: killed, stopped, started again, recreated, paused; commands run in them. */
final class ContainerProcesses implements ServiceProcesses, ServiceCommands {

    private final StackContainers containers;
    private final ServiceLauncher launcher;

    ContainerProcesses(StackContainers containers, ServiceLauncher launcher) {
        this.containers = containers;
        this.launcher = launcher;
    }

    /** SIGKILL: the process dies at once; the container stays, to be started again. */
    @Override
    public void kill(String service) {
        containers.act(service, "kill", id -> containers.docker.killContainerCmd(id).withSignal("KILL").exec());
        containers.forgetPorts(service);
    }

    @Override
    public void stop(String service, Duration grace) {
        containers.act(service, "stop", id -> containers.docker.stopContainerCmd(id).withTimeout((int) Math.max(1, grace.toSeconds())).exec());
        containers.forgetPorts(service);
    }

    /** Starts a stopped or killed service again (same container, same volumes) and waits until it is ready. */
    @Override
    public void start(String service) {
        containers.act(service, "start", id -> containers.docker.startContainerCmd(id).exec());
        containers.forgetPorts(service);
        awaitReady(service);
    }

    /** Stop (SIGTERM, 10 s grace) and start again. */
    @Override
    public void restart(String service) {
        stop(service, Duration.ofSeconds(10));
        start(service);
    }

    @Override
    public void recreate(String service) {
        GenericContainer<?> old = containers.container(service);
        containers.removeContainer(service, old.getContainerId());
        containers.forgetPorts(service);
        launcher.start(containers.definition.service(service));
    }

    /**
     * The disaster: removes the service's container and the named volumes it mounts, data included (not a size-limited
     * volume, nor one declared {@code survives-destroy}: a backup repository on other storage). {@link #recreate}
     * starts it again on fresh, empty volumes; {@code ServiceFiles.volumeOf} names a fresh volume beforehand so that it
     * can be filled first (a restore).
     */
    @Override
    public void destroy(String service) {
        GenericContainer<?> old = containers.container(service);
        containers.removeContainer(service, old.getContainerId());
        containers.forgetPorts(service);
        StackDefinition definition = containers.definition;
        for (VolumeMount mount : definition.service(service).volumes()) {
            StackDefinition.VolumeDefinition declared = mount.hostPath() ? null : definition.volumes().get(mount.source());
            if (declared == null || declared.sizeLimitBytes().isPresent() || declared.survivesDestroy()) {
                continue;
            }
            containers.dropVolume(mount.source()).ifPresent(volume -> {
                try {
                    containers.docker.removeVolumeCmd(volume).exec();
                } catch (NotFoundException gone) {
                    // already removed
                } catch (RuntimeException e) {
                    throw StackException.of(service, "remove volume " + volume + " of", e);
                }
            });
        }
    }

    /**
     * Every started service but the kept ones and the fault proxy, dependents first: stopped with the grace, then its
     * container removed. The stack keeps the service's entry (and any release deployed to it), so {@link #up} and
     * {@link #recreate} bring it back from the same definition, on the same named volumes.
     */
    @Override
    public List<String> down(Set<String> keep, Duration grace) {
        Set<String> unknown = new TreeSet<>(keep);
        unknown.removeAll(containers.definition.startedServices());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("cannot keep " + unknown + ": not services the stack starts; valid: "
                    + containers.definition.startedServices());
        }
        List<String> order = new ArrayList<>(composeServices().stream().filter(s -> !keep.contains(s)).toList());
        Collections.reverse(order);
        List<String> taken = new ArrayList<>();
        for (String service : order) {
            if (!exists(service)) {
                continue;
            }
            if (isRunning(service)) {
                stop(service, grace);
            }
            containers.removeContainer(service, containers.container(service).getContainerId());
            containers.forgetPorts(service);
            taken.add(service);
        }
        return taken;
    }

    /** Every started service but the fault proxy without a running container, dependencies first: created or started. */
    @Override
    public List<String> up() {
        List<String> brought = new ArrayList<>();
        for (String service : composeServices()) {
            if (!exists(service)) {
                recreate(service);
            } else if (!isRunning(service)) {
                start(service);
            } else {
                continue;
            }
            brought.add(service);
        }
        return brought;
    }

    /** The services the stack starts, dependencies first, without the fault proxy. */
    private List<String> composeServices() {
        String proxy = containers.definition.proxy().map(p -> p.service()).orElse(null);
        return containers.definition.startOrder().stream().map(ServiceDefinition::name).filter(s -> !s.equals(proxy)).toList();
    }

    /** Whether the service has a container in the engine (running or not); false once removed. */
    private boolean exists(String service) {
        try {
            containers.inspect(service);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Freezes every process of the service (SIGSTOP through the cgroup freezer). */
    @Override
    public void pause(String service) {
        containers.act(service, "pause", id -> containers.docker.pauseContainerCmd(id).exec());
    }

    @Override
    public void unpause(String service) {
        containers.act(service, "unpause", id -> containers.docker.unpauseContainerCmd(id).exec());
    }

    @Override
    public boolean isRunning(String service) {
        try {
            return Boolean.TRUE.equals(containers.inspect(service).getState().getRunning());
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public boolean isPaused(String service) {
        try {
            return Boolean.TRUE.equals(containers.inspect(service).getState().getPaused());
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Override
    public String startedAt(String service) {
        return String.valueOf(containers.inspect(service).getState().getStartedAt());
    }

    /** Waits until the service answers: its healthcheck says healthy, or else its ports accept connections. */
    @Override
    public void awaitReady(String service) {
        ServiceDefinition def = containers.definition.service(service);
        Duration budget = def.healthcheck().map(Healthcheck::budget).orElse(ServiceLauncher.DEFAULT_READY_BUDGET);
        if (def.healthcheck().isPresent()) {
            await("service '" + service + "' healthy").atMost(budget).pollInterval(Duration.ofMillis(100))
                    .pollInSameThread()
                    .until(() -> "healthy".equals(healthStatus(service)));
        } else {
            await("service '" + service + "' accepting connections").atMost(budget).pollInterval(Duration.ofMillis(100))
                    .pollInSameThread()
                    .until(() -> def.ports().stream().allMatch(port -> accepts(service, port)));
        }
    }

    @Override
    public String logs(String service) {
        return containers.container(service).getLogs();
    }

    @Override
    public CommandResult exec(String service, String... command) {
        try {
            ExecResult result = containers.container(service).execInContainer(command);
            return new CommandResult(result.getExitCode(), result.getStdout(), result.getStderr());
        } catch (IOException e) {
            throw StackException.of(service, "run '" + String.join(" ", command) + "' in", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StackException.of(service, "run '" + String.join(" ", command) + "' in", e);
        }
    }

    @Override
    public RunningCommand start(String service, String user, Map<String, String> environment, List<String> command,
            Consumer<String> output) {
        String container = containers.container(service).getContainerId();
        List<String> variables = new ArrayList<>();
        environment.forEach((k, v) -> variables.add(k + "=" + v));
        ExecCreateCmd create = containers.docker.execCreateCmd(container).withCmd(command.toArray(String[]::new)).withEnv(variables)
                .withAttachStdout(true).withAttachStderr(true);
        if (user != null) {
            create.withUser(user);
        }
        String exec;
        try {
            exec = create.exec().getId();
        } catch (RuntimeException e) {
            throw StackException.of(service, "run '" + command.get(0) + "' in", e);
        }
        ResultCallback.Adapter<Frame> callback = containers.docker.execStartCmd(exec).exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                output.accept(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        });
        return new RunningCommand() {
            @Override
            public boolean await(Duration bound) throws InterruptedException {
                return callback.awaitCompletion(bound.toNanos(), TimeUnit.NANOSECONDS);
            }

            @Override
            public Optional<Integer> exitCode() {
                return Optional.ofNullable(containers.docker.inspectExecCmd(exec).exec().getExitCodeLong()).map(Long::intValue);
            }
        };
    }

    private String healthStatus(String service) {
        InspectContainerResponse.ContainerState state = containers.inspect(service).getState();
        if (!Boolean.TRUE.equals(state.getRunning())) {
            throw new StackException("Service '" + service + "' exited (code " + state.getExitCodeLong()
                    + ") while waiting for it to become ready; last log lines:\n" + StackContainers.tail(logs(service), 30));
        }
        return state.getHealth() == null ? null : state.getHealth().getStatus();
    }

    private boolean accepts(String service, int port) {
        try (Socket socket = new Socket()) {
            Endpoint endpoint = containers.directEndpoint(service, port);
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), 500);
            return true;
        } catch (IOException | StackException e) {
            containers.forgetPorts(service);
            return false;
        }
    }
}
