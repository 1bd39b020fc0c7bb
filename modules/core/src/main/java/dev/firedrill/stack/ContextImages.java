package dev.firedrill.stack;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image of a service whose Compose definition has {@code build}: Firedrill's own images ({@link AppImages}, e.g.
 * {@code build: images/ledger}), or a folder of the user's beside the Compose file that holds a {@code Dockerfile},
 * built as Compose would and tagged with the service's {@code image}.
 *
 * <p>A folder's image carries the hash of the folder's files as a label and is built again only when they changed,
 * as {@code images/build} does for Firedrill's base images; several services naming the same folder share one build.
 * The build runs on the host's network (a Dockerfile that installs packages reaches the machine's package mirror as
 * the host does) and never pulls: a base image must already be on the engine, and a missing one is named.
 */
final class ContextImages {

    private static final Logger LOG = Logger.getLogger(ContextImages.class.getName());
    private static final Pattern FROM = Pattern.compile("(?im)^\\s*FROM\\s+(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?\\s*$");
    private static final Pattern ARG = Pattern.compile("(?im)^\\s*ARG\\s+([A-Za-z_][A-Za-z0-9_]*)=(\\S+)\\s*$");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");
    private static volatile ContextImages shared;

    private final DockerClient docker;
    private final Map<String, String> built = new ConcurrentHashMap<>();

    ContextImages(DockerClient docker) {
        this.docker = docker;
    }

    /** The instance for this JVM (builds each folder at most once per content). */
    static ContextImages shared() {
        if (shared == null) {
            synchronized (ContextImages.class) {
                if (shared == null) {
                    shared = new ContextImages(DockerClientFactory.lazyClient());
                }
            }
        }
        return shared;
    }

    /** The image to run for {@code service}, which has a {@code build}: built when needed. */
    String imageOf(StackDefinition definition, ServiceDefinition service) {
        String context = service.build().orElseThrow();
        String folder = context.replaceAll("/+$", "").replaceAll(".*/", "");
        Optional<Path> dockerfile = dockerfile(definition.source(service.name()), context);
        if (AppImages.find(folder).isPresent() || dockerfile.isEmpty()) {
            return AppImages.shared().forBuildContext(definition, service);   // Firedrill's own, or refused naming what can be built
        }
        Path directory = dockerfile.get().getParent();
        String hash;
        try {
            hash = AppImages.contentHash(directory);
        } catch (IOException e) {
            throw new StackException("Could not read the build folder " + directory + " of service '" + service.name() + "': "
                    + e.getMessage(), e);
        }
        return built.computeIfAbsent(service.image() + "@" + hash, key -> buildIfChanged(service, directory, hash));
    }

    /** The {@code Dockerfile} of {@code context}, a folder relative to the Compose file that names it, when there is one. */
    static Optional<Path> dockerfile(Path composeFile, String context) {
        Path base = composeFile.toAbsolutePath().getParent();
        Path file = (base == null ? Path.of(context) : base.resolve(context)).normalize().resolve("Dockerfile");
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * The images a Dockerfile starts from ({@code FROM}), leaving out its own build stages ({@code FROM x AS stage}); a
     * {@code FROM ${BASE_IMAGE}} reads as the default its {@code ARG BASE_IMAGE=...} gives (the harness passes no build
     * arguments), as in {@code images/migrations}.
     */
    static List<String> baseImages(String dockerfile) {
        Map<String, String> args = new java.util.HashMap<>();
        Matcher arg = ARG.matcher(dockerfile);
        while (arg.find()) {
            args.putIfAbsent(arg.group(1), arg.group(2));
        }
        List<String> bases = new ArrayList<>();
        Set<String> stages = new HashSet<>();
        Matcher m = FROM.matcher(dockerfile);
        while (m.find()) {
            String base = m.group(1);
            Matcher variable = VARIABLE.matcher(base);
            if (variable.matches()) {
                base = args.getOrDefault(variable.group(1) != null ? variable.group(1) : variable.group(2), base);
            }
            if (!stages.contains(base.toLowerCase(Locale.ROOT))) {
                bases.add(base);
            }
            if (m.group(2) != null) {
                stages.add(m.group(2).toLowerCase(Locale.ROOT));
            }
        }
        return bases;
    }

    private synchronized String buildIfChanged(ServiceDefinition service, Path directory, String hash) {
        String tag = service.image();
        if (hash.equals(label(tag))) {
            return tag;
        }
        String text;
        try {
            text = Files.readString(directory.resolve("Dockerfile"));
        } catch (IOException e) {
            throw new StackException("Could not read " + directory.resolve("Dockerfile") + ": " + e.getMessage(), e);
        }
        List<String> missing = baseImages(text).stream().filter(base -> !base.contains("$") && !exists(base)).toList();
        if (!missing.isEmpty()) {
            throw new StackConfigurationException("Cannot build the image " + tag + " of service '" + service.name() + "' from "
                    + directory + ": its base image" + (missing.size() == 1 ? " " : "s ") + missing + " not on the Docker engine"
                    + (missing.stream().anyMatch(b -> b.startsWith("firedrill/")) ? " (./drill images builds Firedrill's)" : "")
                    + "; the harness builds without pulling");
        }
        long begin = System.nanoTime();
        try {
            docker.buildImageCmd(directory.toFile())
                    .withTags(Set.of(tag))
                    .withLabels(Map.of(AppImages.HASH_LABEL, hash))
                    .withNetworkMode("host")
                    .withPull(false)
                    .exec(new BuildImageResultCallback())
                    .awaitImageId();
        } catch (RuntimeException e) {
            throw new StackException("Could not build the image " + tag + " of service '" + service.name() + "' from " + directory
                    + ": " + e.getMessage(), e);
        }
        LOG.info(() -> "built image " + tag + " from " + directory + " in " + (System.nanoTime() - begin) / 1_000_000 + " ms");
        return tag;
    }

    private String label(String tag) {
        try {
            Map<String, String> labels = docker.inspectImageCmd(tag).exec().getConfig().getLabels();
            return labels == null ? null : labels.get(AppImages.HASH_LABEL);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private boolean exists(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
