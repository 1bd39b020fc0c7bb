package dev.firedrill.release;

import dev.firedrill.Capability;
import dev.firedrill.HarnessClock;
import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.capability.ServiceImages;

import java.util.Set;

/**
 * What the procedures on a service's image share ({@code deploy}, {@code rollback}, {@code retag}): they act through
 * {@link ServiceImages}, and note what they changed on the drill's timeline; run outside a drill, on a timeline of their own.
 */
interface ImageStep extends Recovery {

    /** The service acted on, or null for a step on the engine's tags alone. */
    String service();

    @Override
    default Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceImages.class);
    }

    @Override
    default void validate(SystemUnderTest system) {
        checkOn(system, service(), name());
    }

    @Override
    default String run(SystemUnderTest system) {
        return run(system, new Timeline(HarnessClock.system()));
    }

    @Override
    String run(SystemUnderTest system, Timeline timeline);

    /** The system offers {@link ServiceImages} and has {@code service} (when not null); {@code step} names the step in errors. */
    static void checkOn(SystemUnderTest system, String service, String step) {
        system.require(ServiceImages.class, step);
        if (service != null) {
            system.requireService(service, step);
        }
    }
}
