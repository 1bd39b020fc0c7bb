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
 * Runbook 000 §High CPU Alert's {@code scale.sh <service> 3}, 001's {@code docker compose up --scale orchestrator=3}: the
 * service brought to {@code instances} in all ({@link ServiceScaling}), the new ones started from its definition and
 * each waited for until ready; then, when it runs {@code behind} an nginx load balancer, every instance not yet in the
 * balancer's rotation is put in it (rewrite, {@code nginx -t}, reload, old workers finished, as {@code rotation} does).
 * Without {@code behind} the new instances take work by themselves (a queue's workers). Scaling to fewer instances than
 * run is {@link ScaleIn}'s, and asking it here is an error.
 *
 * <p>In a drill file: {@code - {procedure: scale-out, target: ledger, instances: 3, behind: lb}}.
 *
 * @param service   the service scaled
 * @param instances how many instances it runs afterwards, the service itself included (1 .. 10; as many as run: nothing to start)
 * @param behind    the nginx load balancer that sends it traffic, if one does
 */
public record ScaleOut(String service, int instances, Optional<String> behind) implements ScalingStep {

    static final int MAX_INSTANCES = 10;

    public ScaleOut {
        ScaleIn.check(service, instances, behind, "scaleOut", 1);
        behind = behind == null ? Optional.empty() : behind;
    }

    /** The kind {@code scale-out}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.procedure("scale-out", "more instances of a service (Compose's --scale), each ready before it"
                            + " counts, and put into the rotation of the load balancer it runs behind (runbook 000 §High CPU Alert)").target()
                    .param(Param.required("instances", Param.Type.INTEGER, "how many instances in all, the service itself included: 1 .. "
                                    + MAX_INSTANCES),
                            Param.optional("behind", Param.Type.TEXT, null, "the nginx load balancer whose rotation the instances join"))
                    .requires(ServiceScaling.class, ServiceCommands.class, Network.class)
                    .build(a -> new ScaleOut(a.target(), a.integer("instances"), a.has("behind") ? Optional.of(a.text("behind")) : Optional.empty())));
        }
    }

    @Override
    public String name() {
        return "scaleOut(" + service + " to " + instances + behind.map(lb -> " behind " + lb).orElse("") + ")";
    }

    @Override
    public String run(SystemUnderTest system) {
        ServiceScaling scaling = system.require(ServiceScaling.class, name());
        List<String> before = scaling.instances(service);
        if (before.size() > instances) {
            throw new IllegalStateException(name() + ": '" + service + "' runs " + before.size() + " instances " + before
                    + " already; scale-in brings it down to " + instances);
        }
        long started = System.nanoTime();
        List<String> now = scaling.scaleTo(service, instances);
        String result = "'" + service + "' runs " + now.size() + " instances " + now + " (was " + before.size() + "), the new ones ready in "
                + (System.nanoTime() - started) / 1_000_000 + " ms";
        if (behind.isEmpty()) {
            return result;
        }
        NginxRotation rotation = new NginxRotation(system, behind.get());
        List<String> next = new ArrayList<>(rotation.current());
        now.stream().filter(i -> !next.contains(i)).forEach(next::add);
        return result + "; " + rotation.set(next);
    }
}
