package dev.firedrill.release;

import dev.firedrill.Capability;
import dev.firedrill.Preparation;
import dev.firedrill.ReleaseChange;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.capability.ServiceImages;
import dev.firedrill.capability.ServiceImages.Image;

import java.util.Set;

/**
 * The rollback plan a maintenance window prepares (runbook 000 §Scheduled Maintenance, "docker tag app:latest
 * app:rollback"): the image the service runs now tagged {@code <repository>:<tag>}, so that whatever the window changes,
 * the release to go back to has a name. Noted as a release change ({@code firedrill/ledger:rollback: (none) -> ...}).
 *
 * @param service the service whose running image is tagged
 * @param tag     the tag, e.g. {@code rollback}
 */
public record RollbackTag(String service, String tag) implements Preparation {

    public RollbackTag {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException("rollback-tag: 'target' names the service whose image is tagged, e.g. ledger; got '" + service + "'");
        }
        ReleaseSteps.checkTag(tag, "rollback-tag", "tag");
    }

    @Override
    public String name() {
        return "rollback-tag(" + service + " -> :" + tag + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(ServiceImages.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        ImageStep.checkOn(system, service, name());
    }

    @Override
    public String run(SystemUnderTest system, Timeline timeline) {
        ServiceImages images = system.require(ServiceImages.class, name());
        Image running = images.running(service);
        String target = running.repository() + ":" + tag;
        String before = Deployment.idOf(images, target);
        ReleaseChange change = new ReleaseChange(target, before, images.tag(running.id(), target).toString(), name());
        ReleaseSteps.note(timeline, change);
        return service + " runs " + running + "; " + change.detail();
    }
}
