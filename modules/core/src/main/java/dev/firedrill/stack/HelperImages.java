package dev.firedrill.stack;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The images of the harness's helper containers, built by the harness the first time a drill needs one, like the
 * images of its own modules ({@link AppImages}): the tag is a hash of the build context, so an image is rebuilt when,
 * and only when, one of its files changes. Debian's packages come from the base image's own sources, so the build runs
 * on the host's network, as {@code images/build} does. Two helpers ship with the harness: the network-namespace helper
 * of partial partitions ({@code images/netns}: nft) and the alert receiver ({@code images/alert-receiver}).
 */
final class HelperImages {

    static final String NETNS_REPOSITORY = "firedrill/netns";
    static final String NETNS_DOCKERFILE = "dev/firedrill/images/netns/Dockerfile";
    static final String PUBLIC_BASE = "debian:bookworm-slim";
    static final String LOCAL_BASE = "firedrill/debian:bookworm";

    private static final Map<String, String> BUILT = new ConcurrentHashMap<>();

    private HelperImages() {
    }

    /** The network-namespace helper's image, built now if the engine does not have it yet (once per JVM). */
    static String netns(DockerClient docker) {
        try (InputStream dockerfile = HelperImages.class.getClassLoader().getResourceAsStream(NETNS_DOCKERFILE)) {
            if (dockerfile == null) {
                throw new StackException("The Dockerfile of the network helper (" + NETNS_DOCKERFILE + ") is missing from the classpath");
            }
            return ensure(docker, NETNS_REPOSITORY, Map.of("Dockerfile", dockerfile.readAllBytes()), "nft from Debian's nftables");
        } catch (IOException e) {
            throw new StackException("Could not read the Dockerfile of the network helper: " + e.getMessage(), e);
        }
    }

    /** {@code repository:<hash of the context>}, built now if the engine does not have it; {@code what} names it in errors. */
    static String ensure(DockerClient docker, String repository, Map<String, byte[]> buildContext, String what) {
        Path context = null;
        try {
            context = Files.createTempDirectory("firedrill-helper-");
            for (Map.Entry<String, byte[]> file : buildContext.entrySet()) {
                Files.write(context.resolve(file.getKey()), file.getValue());
            }
            String hash = AppImages.contentHash(context);
            String tag = repository + ":" + hash.substring(0, 16);
            Path built = context;
            return BUILT.computeIfAbsent(tag, t -> present(docker, t) ? t : build(docker, built, t, repository, hash));
        } catch (IOException | RuntimeException e) {
            throw new StackException("Could not build the helper image " + repository + " (" + what + ", on " + LOCAL_BASE + " or "
                    + PUBLIC_BASE + "; ./drill images builds the local base): " + e.getMessage(), e);
        } finally {
            if (context != null) {
                dev.firedrill.FileTrees.deleteQuietly(context);
            }
        }
    }

    /** The base to build on: the local Debian image or the public one, chosen as every other image is ({@link ImageMode}). */
    static String base(ImageMode mode, Predicate<String> present) {
        return mode.useLocal(present.test(PUBLIC_BASE), present.test(LOCAL_BASE)) ? LOCAL_BASE : PUBLIC_BASE;
    }

    private static String build(DockerClient docker, Path context, String tag, String repository, String hash) {
        String base = base(ImageMode.fromEnvironment(), image -> present(docker, image));
        docker.buildImageCmd(context.toFile())
                .withTags(Set.of(tag, repository + ":latest"))
                .withBuildArg("BASE_IMAGE", base)
                .withLabels(Map.of(AppImages.HASH_LABEL, hash))
                .withNetworkMode("host")
                .withPull(false)
                .exec(new BuildImageResultCallback())
                .awaitImageId();
        return tag;
    }

    private static boolean present(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
