package dev.firedrill.release;

import dev.firedrill.Capability;
import dev.firedrill.HarnessClock;
import dev.firedrill.Recovery;
import dev.firedrill.ReleaseChange;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.capability.ServiceImages;

import java.util.List;
import java.util.Set;

/**
 * Runbook 001 §Minor/Major Version Update, the image part ({@link Deployment}): the running image kept as
 * {@code :previous}, the service recreated from {@code image}, ready once its healthcheck passes.
 */
public record DeployProcedure(String service, String image) implements Recovery {

    public DeployProcedure {
        ReleaseSteps.checkImage(image, "deploy");
    }

    @Override
    public String name() {
        return "deploy(" + service + ", " + image + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceImages.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.require(ServiceImages.class, name());
        system.requireService(service, name());
    }

    @Override
    public String run(SystemUnderTest system) {
        return run(system, new Timeline(HarnessClock.system()));
    }

    @Override
    public String run(SystemUnderTest system, Timeline timeline) {
        validate(system);
        List<ReleaseChange> changes = Deployment.deploy(system, service, image, name(), () -> { });
        if (changes.isEmpty()) {
            return service + " runs " + image + " already; nothing recreated";
        }
        ReleaseSteps.note(timeline, changes.toArray(ReleaseChange[]::new));
        return String.join("; ", changes.stream().map(ReleaseChange::detail).toList());
    }
}
