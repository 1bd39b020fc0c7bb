package dev.firedrill.recovery;

import com.google.auto.service.AutoService;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.Network;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.capability.ServiceScaling;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Back to {@code instances} after a {@link ScaleOut}: the extra instances beyond it (the last started first) are
 * drained from the rotation of the load balancer the service runs {@code behind}, when it does (rewrite, reload, old
 * workers finished their requests), and only then removed, so no request in flight is cut. Scaling to more instances
 * than run is {@link ScaleOut}'s, and asking it here is an error.
 *
 * <p>In a drill file: {@code - {procedure: scale-in, target: ledger, instances: 1, behind: lb}}.
 *
 * @param service   the service scaled in
 * @param instances how many instances it runs afterwards, the service itself included (1 .. 10)
 * @param behind    the nginx load balancer that sends it traffic, if one does
 */
public record ScaleIn(String service, int instances, Optional<String> behind) implements ScalingStep {

    public ScaleIn {
        check(service, instances, behind, "scaleIn", 1);
        behind = behind == null ? Optional.empty() : behind;
    }

    /** The kind {@code scale-in}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.procedure("scale-in", "fewer instances of a service: the extra ones drained from the load"
                            + " balancer's rotation first, then removed").target()
                    .param(Param.required("instances", Param.Type.INTEGER, "how many instances in all, the service itself included: 1 .. "
                                    + ScaleOut.MAX_INSTANCES),
                            Param.optional("behind", Param.Type.TEXT, null, "the nginx load balancer whose rotation they leave"))
                    .requires(ServiceScaling.class, ServiceCommands.class, Network.class)
                    .build(a -> new ScaleIn(a.target(), a.integer("instances"), a.has("behind") ? Optional.of(a.text("behind")) : Optional.empty())));
        }
    }

    /** The checks both procedures share: a service named, a count from {@code min} to {@link ScaleOut#MAX_INSTANCES}, an lb named if any. */
    static void check(String service, int instances, Optional<String> behind, String procedure, int min) {
        Recoveries.requireService(service, procedure);
        if (instances < min || instances > ScaleOut.MAX_INSTANCES) {
            throw new IllegalArgumentException(procedure + "(" + service + "): instances must be " + min + " .. " + ScaleOut.MAX_INSTANCES
                    + " (the service itself included), got " + instances);
        }
        if (behind != null && behind.isPresent() && behind.get().isBlank()) {
            throw new IllegalArgumentException(procedure + "(" + service + "): behind must name the load balancer in front of it, got '"
                    + behind.get() + "'");
        }
    }

    @Override
    public String name() {
        return "scaleIn(" + service + " to " + instances + behind.map(lb -> " behind " + lb).orElse("") + ")";
    }

    @Override
    public String run(SystemUnderTest system) {
        ServiceScaling scaling = system.require(ServiceScaling.class, name());
        List<String> before = scaling.instances(service);
        if (before.size() < instances) {
            throw new IllegalStateException(name() + ": '" + service + "' runs " + before.size() + " instances " + before
                    + "; scale-out brings it up to " + instances);
        }
        List<String> leaving = before.subList(instances, before.size());
        String drained = "";
        if (behind.isPresent() && !leaving.isEmpty()) {
            NginxRotation rotation = new NginxRotation(system, behind.get());
            List<String> next = new ArrayList<>(rotation.current());
            next.removeAll(leaving);
            if (next.isEmpty()) {
                throw new IllegalStateException(name() + ": no instance would be left in the rotation of '" + behind.get() + "' ("
                        + rotation.current() + ") once " + leaving + " leave it");
            }
            drained = rotation.set(next) + "; ";
        }
        List<String> now = scaling.scaleTo(service, instances);
        return drained + "'" + service + "' runs " + now.size() + " instances " + now + " (was " + before.size() + "); removed " + leaving;
    }
}
