package dev.firedrill.recovery;

import com.google.auto.service.AutoService;
import dev.firedrill.Capability;
import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.ServiceProcesses;
import dev.firedrill.capability.ServiceResources;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static dev.firedrill.capability.ServiceResources.mebibytes;

/**
 * Runbooks 000 and 001 §High Memory Usage: a leaking process is restarted with a memory limit, so that the next leak
 * ends in a restart of one container, not in the host swapping. Sets the limit on the service's container (running or
 * stopped: {@code docker update}, no recreation), then starts it again (stopping it first when it still runs, a leaking
 * process keeps what it took) and waits until it is ready. Its report says when the container was OOM-killed, when its
 * last end was one (the engine's {@code State.OOMKilled}): the evidence then says what the restart recovered from.
 *
 * <p>In a drill file: {@code - {procedure: restart-with-limit, target: ledger, memory: 512m}}.
 *
 * @param service     the service
 * @param memoryBytes the memory limit it is restarted with
 */
public record RestartWithLimit(String service, long memoryBytes) implements Recovery {

    private static final long MIN_LIMIT = 64L << 20;

    public RestartWithLimit {
        Recoveries.requireService(service, "restartWithLimit");
        if (memoryBytes < MIN_LIMIT) {
            throw new IllegalArgumentException("restartWithLimit(" + service + "): memory must be at least " + mebibytes(MIN_LIMIT)
                    + ", got " + mebibytes(memoryBytes));
        }
    }

    /** The kind {@code restart-with-limit}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.procedure("restart-with-limit", "restart a service with a memory limit, waiting until ready"
                            + " (runbooks 000/001 §High Memory Usage)").target()
                    .param(Param.required("memory", Param.Type.TEXT, "the memory limit, " + ServiceResources.SIZE_FORMAT))
                    .requires(ServiceResources.class, ServiceProcesses.class)
                    .build(a -> new RestartWithLimit(a.target(), ServiceResources.parseSize(a.text("memory"), "restart-with-limit(" + a.target() + "): memory"))));
        }
    }

    @Override
    public String name() {
        return "restartWithLimit(" + service + ", memory " + mebibytes(memoryBytes) + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceResources.class, ServiceProcesses.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
        system.require(ServiceResources.class, name());
        system.require(ServiceProcesses.class, name());
    }

    @Override
    public String run(SystemUnderTest system) {
        validate(system);
        ServiceResources resources = system.require(ServiceResources.class, name());
        ServiceProcesses processes = system.require(ServiceProcesses.class, name());
        String found = processes.isRunning(service) ? "running" : "down";
        String cause = resources.lastOomKill(service).map(at -> " (OOM-killed, the engine says, at " + at + ")").orElse("");
        if (processes.isRunning(service)) {
            processes.stop(service, Duration.ofSeconds(10));
        }
        long before = resources.limits(service).memoryBytes();
        resources.limitMemory(service, memoryBytes);
        processes.start(service);
        return "found '" + service + "' " + found + cause + "; memory limit " + (before == 0 ? "none" : mebibytes(before)) + " -> "
                + mebibytes(memoryBytes) + "; started; ready";
    }
}
