package dev.firedrill.release;

import dev.firedrill.ReleaseChange;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.capability.ServiceImages;


/**
 * {@code docker tag <repository>:<from> <repository>:<to>} in the system's engine, as runbook 001 retags
 * {@code :previous} as {@code :latest}; nothing is recreated (a {@code deploy} or {@code restart} picks it up).
 */
public record Retag(String repository, String from, String to) implements ImageStep {

    public Retag {
        if (repository == null || repository.isBlank() || repository.contains("@")
                || repository.lastIndexOf(':') > repository.lastIndexOf('/')) {
            throw new IllegalArgumentException("retag: 'repository' is an image's repository without tag, e.g. firedrill/ledger; got '" + repository + "'");
        }
        ReleaseSteps.checkTag(from, "retag", "from");
        ReleaseSteps.checkTag(to, "retag", "to");
    }

    @Override
    public String name() {
        return "retag(" + repository + ":" + from + " -> :" + to + ")";
    }

    /** Acts on the engine's tags, not on a service. */
    @Override
    public String service() {
        return null;
    }

    @Override
    public String run(SystemUnderTest system, Timeline timeline) {
        ServiceImages images = system.require(ServiceImages.class, name());
        String source = repository + ":" + from;
        String target = repository + ":" + to;
        if (images.find(source).isEmpty()) {
            throw new IllegalStateException(name() + ": the engine has no image " + source);
        }
        String before = Deployment.idOf(images, target);
        ReleaseChange change = new ReleaseChange(target, before, images.tag(source, target).toString(), name());
        ReleaseSteps.note(timeline, change);
        return change.detail();
    }
}
