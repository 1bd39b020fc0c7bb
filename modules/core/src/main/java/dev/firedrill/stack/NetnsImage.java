package dev.firedrill.stack;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The image of the network-namespace helper ({@code images/netns}: nft on Debian), built by the harness the first time
 * a drill cuts links, like the images of its own modules ({@link AppImages}): its tag is a hash of the Dockerfile, so
 * it is rebuilt when, and only when, that changes. Debian's packages come from the base image's own sources, so the
 * build runs on the host's network, as {@code images/build} does.
 */
final class NetnsImage {

    static final String REPOSITORY = "firedrill/netns";
    static final String DOCKERFILE = "dev/firedrill/images/netns/Dockerfile";
    static final String PUBLIC_BASE = "debian:bookworm-slim";
    static final String LOCAL_BASE = "firedrill/debian:bookworm";

    private static volatile String built;

    private NetnsImage() {
    }

    /** The helper image, built now if the engine does not have it yet (once per JVM). */
    static synchronized String ensure(DockerClient docker) {
        if (built == null) {
            built = buildIfMissing(docker);
        }
        return built;
    }

    /** The base to build on: the local Debian image or the public one, chosen as every other image is ({@link ImageMode}). */
    static String base(ImageMode mode, Predicate<String> present) {
        return mode.useLocal(present.test(PUBLIC_BASE), present.test(LOCAL_BASE)) ? LOCAL_BASE : PUBLIC_BASE;
    }

    private static String buildIfMissing(DockerClient docker) {
        Path context = null;
        try {
            context = Files.createTempDirectory("firedrill-netns-");
            try (InputStream dockerfile = NetnsImage.class.getClassLoader().getResourceAsStream(DOCKERFILE)) {
                if (dockerfile == null) {
                    throw new StackException("The Dockerfile of the network helper (" + DOCKERFILE + ") is missing from the classpath");
                }
                Files.copy(dockerfile, context.resolve("Dockerfile"));
            }
            String hash = AppImages.contentHash(context);
            String tag = REPOSITORY + ":" + hash.substring(0, 16);
            if (present(docker, tag)) {
                return tag;
            }
            String base = base(ImageMode.fromEnvironment(), image -> present(docker, image));
            docker.buildImageCmd(context.toFile())
                    .withTags(Set.of(tag, REPOSITORY + ":latest"))
                    .withBuildArg("BASE_IMAGE", base)
                    .withLabels(Map.of(AppImages.HASH_LABEL, hash))
                    .withNetworkMode("host")
                    .withPull(false)
                    .exec(new BuildImageResultCallback())
                    .awaitImageId();
            return tag;
        } catch (IOException | RuntimeException e) {
            throw new StackException("Could not build the network helper image " + REPOSITORY + " (nft from Debian's nftables, on "
                    + LOCAL_BASE + " or " + PUBLIC_BASE + "; ./drill images builds the local base): " + e.getMessage(), e);
        } finally {
            if (context != null) {
                dev.firedrill.FileTrees.deleteQuietly(context);
            }
        }
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
