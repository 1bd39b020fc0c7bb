package dev.firedrill.release;

import dev.firedrill.ReleaseChange;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.capability.ServiceImages;
import dev.firedrill.capability.ServiceImages.Image;


/**
 * Runbook 001 §Quick Rollback: the running image tagged {@code <repository>:bad} ("tag current as bad"), then
 * {@code docker tag <repository>:previous <repository>:latest}, then the service recreated from {@code <repository>:latest}
 * ({@code docker compose up -d --force-recreate}), ready once its healthcheck passes. The repository is the one of the
 * image the service runs; {@code :previous} is where a deploy keeps the image it replaced. Every change is noted,
 * images with their ids.
 *
 * @param service the service rolled back
 * @param from    the tag rolled back to, {@code previous}
 * @param to      the tag the service then runs, {@code latest}
 */
public record Rollback(String service, String from, String to) implements ImageStep {

    /** Where the runbook keeps the release it rolls back from. */
    static final String BAD = "bad";

    public Rollback {
        ReleaseSteps.checkTag(from, "rollback", "from");
        ReleaseSteps.checkTag(to, "rollback", "to");
    }

    @Override
    public String name() {
        return "rollback(" + service + ", :" + from + " -> :" + to + ")";
    }

    @Override
    public String run(SystemUnderTest system, Timeline timeline) {
        validate(system);
        ServiceImages images = system.require(ServiceImages.class, name());
        Image running = images.running(service);
        String source = running.repository() + ":" + from;
        String target = running.repository() + ":" + to;
        if (images.find(source).isEmpty()) {
            throw new IllegalStateException(name() + ": there is no image " + source + " to roll back to (a deploy keeps the image it"
                    + " replaces under :" + Deployment.PREVIOUS + "; " + service + " runs " + running + ")");
        }
        String bad = running.repository() + ":" + BAD;
        String badBefore = Deployment.idOf(images, bad);
        Image badTagged = images.tag(running.id(), bad);
        String targetBefore = Deployment.idOf(images, target);
        Image tagged = images.tag(source, target);
        Image after = images.deploy(service, target, () -> { });
        ReleaseSteps.note(timeline, new ReleaseChange(bad, badBefore, badTagged.toString(), name()),
                new ReleaseChange(target, targetBefore, tagged.toString(), name()),
                new ReleaseChange(service, running.toString(), after.toString(), name()));
        return "tagged " + running + " as " + bad + "; tagged " + source + " as " + target + "; " + service + " recreated: " + running
                + " -> " + after;
    }
}
