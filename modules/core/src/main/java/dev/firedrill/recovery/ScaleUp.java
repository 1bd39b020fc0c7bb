package dev.firedrill.recovery;

import com.google.auto.service.AutoService;
import dev.firedrill.Capability;
import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.ServiceResources;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import static dev.firedrill.capability.ServiceResources.mebibytes;

/**
 * Vertical scaling (runbooks 000/001 §Horizontal and Vertical Scaling): a running service's CPU and memory limits raised
 * on its container as it is ({@code docker update}): the same container, not restarted, its processes and connections
 * kept. Only raises: a lower value than the container has is refused (that would be a fault, {@code memory-limit}).
 * Checks the limits read back as set and the container is the same one.
 *
 * <p>In a drill file: {@code - {procedure: scale-up, target: ledger, cpus: 2, memory: 1g}}.
 *
 * @param service     the service
 * @param nanoCpus    the CPU limit in billionths of a CPU; 0: left as it is
 * @param memoryBytes the memory limit in bytes; 0: left as it is
 */
public record ScaleUp(String service, long nanoCpus, long memoryBytes) implements Recovery {

    static final double MAX_CPUS = 256;

    public ScaleUp {
        Recoveries.requireService(service, "scaleUp");
        if (nanoCpus < 0 || memoryBytes < 0 || nanoCpus == 0 && memoryBytes == 0) {
            throw new IllegalArgumentException("scaleUp(" + service + "): give cpus (e.g. 2 or 1.5), memory (e.g. 1g) or both, each positive;"
                    + " got cpus " + nanoCpus / 1e9 + ", memory " + memoryBytes + " bytes");
        }
    }

    /** Reads a CPU count (1.5) as billionths of a CPU. */
    static long nanoCpus(double cpus, String what) {
        if (!(cpus > 0 && cpus <= MAX_CPUS)) {
            throw new IllegalArgumentException(what + ": cpus must be a number above 0 and at most " + (int) MAX_CPUS + " (e.g. 2 or 1.5), got " + cpus);
        }
        return Math.round(cpus * 1e9);
    }

    /** The kind {@code scale-up}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.procedure("scale-up", "raise a running service's CPU and memory limits on the same container,"
                            + " no restart (docker update; runbooks 000/001 §Vertical Scaling)").target()
                    .param(Param.optional("cpus", Param.Type.NUMBER, null, "the CPU limit, e.g. 2 or 1.5"),
                            Param.optional("memory", Param.Type.TEXT, null, "the memory limit, " + ServiceResources.SIZE_FORMAT))
                    .requires(ServiceResources.class)
                    .build(a -> {
                        String what = "scale-up(" + a.target() + ")";
                        return new ScaleUp(a.target(), a.has("cpus") ? nanoCpus(a.number("cpus"), what) : 0,
                                a.has("memory") ? ServiceResources.parseSize(a.text("memory"), what + ": memory") : 0);
                    }));
        }
    }

    @Override
    public String name() {
        return "scaleUp(" + service + (nanoCpus > 0 ? ", cpus " + cpus(nanoCpus) : "") + (memoryBytes > 0 ? ", memory " + mebibytes(memoryBytes) : "")
                + ")";
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
    public String run(SystemUnderTest system) {
        validate(system);
        ServiceResources resources = system.require(ServiceResources.class, name());
        String instance = resources.instance(service);
        ServiceResources.Limits before = resources.limits(service);
        if (memoryBytes > 0 && before.memoryBytes() != 0 && memoryBytes < before.memoryBytes()
                || nanoCpus > 0 && before.nanoCpus() != 0 && nanoCpus < before.nanoCpus()) {
            throw new IllegalStateException(name() + ": '" + service + "' has " + before.describe() + " already; scale-up only raises limits");
        }
        if (memoryBytes > 0) {
            resources.limitMemory(service, memoryBytes);
        }
        if (nanoCpus > 0) {
            resources.limitCpus(service, nanoCpus);
        }
        ServiceResources.Limits after = resources.limits(service);
        if (memoryBytes > 0 && after.memoryBytes() != memoryBytes || nanoCpus > 0 && after.nanoCpus() != nanoCpus) {
            throw new IllegalStateException(name() + ": '" + service + "' reads back " + after.describe() + " after the update");
        }
        String now = resources.instance(service);
        if (!now.equals(instance)) {
            throw new IllegalStateException(name() + ": '" + service + "' runs in another container after the update (" + instance
                    + " -> " + now + ")");
        }
        return "'" + service + "' " + before.describe() + " -> " + after.describe() + ", same container, not restarted";
    }

    private static String cpus(long nano) {
        return String.format(Locale.ROOT, "%.2f", nano / 1e9).replaceAll("\\.?0+$", "");
    }
}
