package dev.firedrill.fault;

import com.google.auto.service.AutoService;
import dev.firedrill.Capability;
import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.Leftover;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.ServiceResources;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.util.List;
import java.util.Set;

import static dev.firedrill.capability.ServiceResources.mebibytes;

/**
 * A running container's memory limit lowered ({@code docker update}, no restart): the service runs on in less room, and
 * whatever it needs beyond it the kernel reclaims or, failing that, OOM-kills. Takes effect when the container's limit
 * reads back as {@code limit}; the engine refuses a limit below what the processes use and cannot give back, and the
 * fault then fails saying so. Undo restores the limit it found, unless a procedure changed it since.
 *
 * <p>In a drill file: {@code - {kind: memory-limit, target: ledger, limit: 192m}}.
 *
 * @param service    the service
 * @param limitBytes the lowered limit, in bytes
 */
public record MemoryLimitFault(String service, long limitBytes) implements Fault {

    public MemoryLimitFault {
        Faults.requireService(service, "memoryLimit");
        if (limitBytes < MemoryLeakFault.MIN_LIMIT) {
            throw new IllegalArgumentException("memoryLimit(" + service + "): limit must be at least " + mebibytes(MemoryLeakFault.MIN_LIMIT)
                    + ", got " + mebibytes(limitBytes));
        }
    }

    /** The kind {@code memory-limit}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.fault("memory-limit", "a running container's memory limit lowered without a restart (docker update)")
                    .target()
                    .param(Param.required("limit", Param.Type.TEXT, "the lowered memory limit, " + ServiceResources.SIZE_FORMAT))
                    .requires(ServiceResources.class)
                    .build(a -> new MemoryLimitFault(a.target(), ServiceResources.parseSize(a.text("limit"), "memory-limit(" + a.target() + "): limit"))));
        }
    }

    @Override
    public String name() {
        return "memoryLimit(" + service + ", " + mebibytes(limitBytes) + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceResources.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
        system.require(ServiceResources.class, name());
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        return inject(system, FaultEvents.ignored());
    }

    @Override
    public Injection inject(SystemUnderTest system, FaultEvents events) {
        validate(system);
        ServiceResources resources = system.require(ServiceResources.class, name());
        MemoryLimit found = new MemoryLimit(resources, service, resources.limits(service).memoryBytes());
        if (found.before() != 0 && found.before() <= limitBytes) {
            throw new IllegalArgumentException(name() + ": '" + service + "' is limited to " + mebibytes(found.before())
                    + " already, so " + mebibytes(limitBytes) + " would not lower it: give a limit below " + mebibytes(found.before()));
        }
        events.willLeave(Leftover.withStack("memory limit of '" + service + "' lowered to " + mebibytes(limitBytes) + " (it was "
                + (found.before() == 0 ? "none" : mebibytes(found.before())) + ")"));
        Injection undo = found::restore;
        events.acting();
        try {
            found.set(limitBytes);
        } catch (RuntimeException e) {
            throw new FaultNotEffectiveException(name() + ": the engine refused to lower the limit of '" + service + "' (using "
                    + mebibytes(resources.memoryUsage(service)) + "): " + e.getMessage());
        }
        events.accept(undo);
        long now = resources.limits(service).memoryBytes();
        if (now != limitBytes) {
            undo.close();
            throw new FaultNotEffectiveException(name() + ": '" + service + "' reads back a memory limit of "
                    + (now == 0 ? "none" : mebibytes(now)) + " after it was set to " + mebibytes(limitBytes));
        }
        return undo;
    }
}
