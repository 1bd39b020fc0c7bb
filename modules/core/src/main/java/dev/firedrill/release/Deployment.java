package dev.firedrill.release;

import dev.firedrill.ReleaseChange;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.ServiceImages;
import dev.firedrill.capability.ServiceImages.Image;

/**
 * A release deployed as runbook 001 deploys one: the image the service runs now is kept as {@code <repository>:previous}
 * ({@code docker tag app:latest app:previous}), then the service is recreated from the new image ({@code docker compose
 * up -d}), and is ready once its healthcheck passes. What changed is returned, images named with their ids; nothing
 * changes when the service runs that image already, as with {@code docker compose up -d}.
 */
final class Deployment {

    static final String PREVIOUS = "previous";

    private Deployment() {
    }

    /**
     * Deploys {@code image} to {@code service}; {@code removing} runs just before the old container goes (the instant the
     * service stops serving). Returns the changes: the {@code :previous} tag, then the service's image.
     */
    static java.util.List<ReleaseChange> deploy(SystemUnderTest system, String service, String image, String step, Runnable removing) {
        ServiceImages images = system.require(ServiceImages.class, step);
        Image before = images.running(service);
        Image wanted = images.resolve(image);
        if (wanted.id().equals(before.id())) {
            return java.util.List.of();   // as docker compose up -d: the service runs that image already, nothing is recreated
        }
        String previous = before.repository() + ":" + PREVIOUS;
        String previousBefore = idOf(images, previous);
        Image kept = images.tag(before.id(), previous);
        Image after = images.deploy(service, image, removing);
        return java.util.List.of(new ReleaseChange(previous, previousBefore, kept.toString(), step),
                new ReleaseChange(service, before.toString(), after.toString(), step));
    }

    /** What {@code reference} names now, as {@code reference@id}, or {@code (none)}. */
    static String idOf(ServiceImages images, String reference) {
        return images.find(reference).map(Image::toString).orElse("(none)");
    }
}
