package dev.firedrill.release;

import dev.firedrill.ReleaseChange;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;

import java.util.List;

/**
 * Runbook 001 §Minor/Major Version Update, the image part ({@link Deployment}): the running image kept as
 * {@code :previous}, the service recreated from {@code image}, ready once its healthcheck passes.
 */
public record DeployProcedure(String service, String image) implements ImageStep {

    public DeployProcedure {
        ReleaseSteps.checkImage(image, "deploy");
    }

    @Override
    public String name() {
        return "deploy(" + service + ", " + image + ")";
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
