package dev.firedrill.stack;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import dev.firedrill.capability.ServiceImages;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A stack's services' images ({@link ServiceImages}): read from the engine, tagged there, and a service recreated from
 * another image by the stack's own launcher, so the new container has the service's name, aliases, environment, ports,
 * volumes and healthcheck, as {@code docker compose up -d} gives it.
 */
final class StackImages implements ServiceImages {

    static final long PULL_SECONDS = 120;

    private final StackContainers containers;
    private final ContainerProcesses processes;

    StackImages(StackContainers containers, ContainerProcesses processes) {
        this.containers = containers;
        this.processes = processes;
    }

    /**
     * The image of the service's container; when the service is down (its container removed by stack-down), the image
     * it would start from: the one a release deployed to it, else its definition's.
     */
    @Override
    public Image running(String service) {
        try {
            var info = containers.inspect(service);
            return new Image(info.getConfig().getImage(), info.getImageId());
        } catch (com.github.dockerjava.api.exception.NotFoundException down) {
            String reference = containers.imageToStart(containers.definition.service(service));
            return find(reference).orElseThrow(() -> new StackException("Service '" + service + "' is down and the image it would"
                    + " start from, " + reference + ", is not in the engine"));
        }
    }

    @Override
    public Image resolve(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("an image reference is needed, e.g. firedrill/ledger:2.0.0");
        }
        Optional<AppImages.AppImage> own = AppImages.onClasspath().stream().filter(i -> reference.startsWith(i.repository() + ":")).findFirst();
        if (own.isPresent()) {
            // Firedrill's own images are built from the code on the classpath: a version image found in the engine may
            // sit on an older build, which ensureVersion rebuilds.
            String tag = reference.substring(own.get().repository().length() + 1);
            String built = own.get().versions().contains(tag) ? AppImages.shared().ensureVersion(own.get().repository(), tag)
                    : AppImages.shared().ensure(own.get());
            if (reference.equals(built)) {
                return find(reference).orElseThrow(() -> new StackException("built " + built + " but the engine has no " + reference));
            }
        }
        Optional<Image> local = find(reference);
        if (local.isPresent()) {
            return local.get();
        }
        List<String> tried = new ArrayList<>(List.of("not in the engine"));
        tried.add(own.map(i -> "not one of the images Firedrill builds as " + i.repository() + " (its versions " + i.versions() + ")")
                .orElse("not an image Firedrill builds (" + AppImages.onClasspath().stream().map(AppImages.AppImage::repository).sorted().toList() + ")"));
        try {
            containers.docker.pullImageCmd(reference).exec(new PullImageResultCallback()).awaitCompletion(PULL_SECONDS, TimeUnit.SECONDS);
            Optional<Image> pulled = find(reference);
            if (pulled.isPresent()) {
                return pulled.get();
            }
            tried.add("the pull ended without the image");
        } catch (RuntimeException e) {
            tried.add("pulling it failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tried.add("interrupted while pulling it");
        }
        throw new StackException("Image " + reference + " is not available: " + String.join("; ", tried));
    }

    @Override
    public Image tag(String source, String target) {
        Image image = resolve(source);
        int slash = target.lastIndexOf('/');
        int colon = target.lastIndexOf(':');
        if (colon <= slash) {
            throw new IllegalArgumentException("a tag target needs repository and tag, e.g. firedrill/ledger:latest; got '" + target + "'");
        }
        try {
            containers.docker.tagImageCmd(image.id(), target.substring(0, colon), target.substring(colon + 1)).withForce().exec();
        } catch (RuntimeException e) {
            throw new StackException("Could not tag " + image + " as " + target + ": " + e.getMessage(), e);
        }
        return new Image(target, image.id());
    }

    @Override
    public Image deploy(String service, String reference, Runnable removing) {
        containers.definition.service(service);
        Image image = resolve(reference);
        containers.deploy(service, image.reference());
        removing.run();
        processes.recreate(service);
        Image now = running(service);
        if (!now.id().equals(image.id())) {
            throw new StackException("Service '" + service + "' was recreated from " + image + " but runs " + now);
        }
        return now;
    }

    @Override
    public Optional<Image> find(String reference) {
        try {
            InspectImageResponse info = containers.docker.inspectImageCmd(reference).exec();
            return Optional.of(new Image(reference, info.getId()));
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return Optional.empty();
        }
    }
}
