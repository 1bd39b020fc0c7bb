package dev.firedrill.stack;

import com.github.dockerjava.api.DockerClient;
import dev.firedrill.ClasspathRoots;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The images Firedrill builds from its own modules: the reference service ({@code firedrill-ledger}) and the fault
 * proxy ({@code firedrill-toxiproxy}), each found only when its module is on the classpath.
 *
 * <p>A module that ships an image carries {@value #DESCRIPTOR}: the image's repository, the folder of {@code images/}
 * a compose file's {@code build} names, its Dockerfile (a resource) and the classes whose jars the program needs. The
 * image is a JRE plus that module's jar and exactly those libraries. Its tag is a hash of everything copied in, so it
 * is rebuilt when (and only when) the code changes: {@code firedrill/ledger:<hash>}, also tagged {@code :latest} for
 * hand use with {@code docker compose}. The JRE base is the public {@code eclipse-temurin:17-jre} or the local
 * {@code firedrill/jre:17}, chosen like every other image ({@link LocalImageSubstitutor}).
 *
 * <p>A module whose program has releases also lists them ({@code versions=1.0.0,1.0.1,2.0.0}) with the environment
 * variable that selects one ({@code version-variable=LEDGER_VERSION}): each version is a thin image on top of the hash
 * image that only sets that variable and the label {@value #VERSION_LABEL}, tagged {@code firedrill/ledger:1.0.1}
 * ({@link #ensureVersion}). A Compose service with {@code build: images/ledger} gets the version its {@code image}
 * names; without a tag (or with {@code :latest}) it gets the hash image, whose program runs its default release.
 */
public final class AppImages {

    /** The resource a module that ships an image carries (a properties file). */
    public static final String DESCRIPTOR = "META-INF/firedrill/app-image.properties";

    /**
     * An image built from one module's jar.
     *
     * @param repository     e.g. {@code firedrill/ledger}
     * @param folder         the folder of {@code images/} a compose file's {@code build} names, e.g. {@code ledger}
     * @param dockerfile     the Dockerfile, a resource of the module
     * @param anchorClasses  one class of each library the program needs (their jars are copied in)
     * @param module         the module's jar or classes folder (copied in as {@code firedrill.jar})
     * @param artifact       the module's Maven coordinates, for the message when it is missing
     * @param versions       the releases there are version images of, e.g. {@code [1.0.0, 1.0.1, 2.0.0]}; empty for none
     * @param versionVariable the environment variable a version image sets to its version, e.g. {@code LEDGER_VERSION};
     *                       null when there are no versions
     */
    public record AppImage(String repository, String folder, String dockerfile, List<String> anchorClasses, Path module,
            String artifact, List<String> versions, String versionVariable) {

        public AppImage {
            anchorClasses = List.copyOf(anchorClasses);
            versions = List.copyOf(versions);
        }
    }

    /** The image of {@code folder} ({@code ledger}, {@code toxiproxy}) its module on the classpath describes, if any. */
    public static Optional<AppImage> find(String folder) {
        return onClasspath().stream().filter(i -> i.folder().equals(folder)).findFirst();
    }

    /** Every image a module on the classpath describes. */
    public static List<AppImage> onClasspath() {
        List<AppImage> images = new ArrayList<>();
        try {
            for (URL url : Collections.list(AppImages.class.getClassLoader().getResources(DESCRIPTOR))) {
                images.add(read(url));
            }
        } catch (IOException e) {
            throw new StackException("Could not read the image descriptors (" + DESCRIPTOR + "): " + e.getMessage(), e);
        }
        return images;
    }

    private static AppImage read(URL url) throws IOException {
        Properties p = new Properties();
        try (InputStream in = url.openStream()) {
            p.load(in);
        }
        List<String> libraries = list(p.getProperty("libraries", ""));
        List<String> versions = list(p.getProperty("versions", ""));
        return new AppImage(required(p, url, "repository"), required(p, url, "folder"), required(p, url, "dockerfile"), libraries,
                moduleOf(url), required(p, url, "artifact"), versions,
                versions.isEmpty() ? null : required(p, url, "version-variable"));
    }

    private static List<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(c -> !c.isEmpty()).toList();
    }

    private static String required(Properties p, URL url, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new StackException(url + " names no '" + key + "'");
        }
        return value.trim();
    }

    /** The jar or classes folder a descriptor's URL points into. */
    private static Path moduleOf(URL descriptor) {
        try {
            return Path.of(ClasspathRoots.rootOf(descriptor, DESCRIPTOR));
        } catch (RuntimeException e) {
            throw new StackException("Cannot locate the module of " + descriptor + ": " + e.getMessage(), e);
        }
    }

    /** Label carrying the content hash. */
    public static final String HASH_LABEL = "dev.firedrill.content-sha256";
    /** Label of a version image carrying its version (the OCI annotation's name). */
    public static final String VERSION_LABEL = "org.opencontainers.image.version";

    private static final FileTime EPOCH = FileTime.fromMillis(0);
    private static volatile AppImages shared;

    private final DockerClient docker;
    private final Map<AppImage, String> built = new ConcurrentHashMap<>();
    private final Map<String, String> builtVersions = new ConcurrentHashMap<>();

    AppImages(DockerClient docker) {
        this.docker = docker;
    }

    /** The instance for this JVM (builds each image at most once per JVM). */
    public static AppImages shared() {
        if (shared == null) {
            synchronized (AppImages.class) {
                if (shared == null) {
                    shared = new AppImages(DockerClientFactory.lazyClient());
                }
            }
        }
        return shared;
    }

    /**
     * The image of a service whose compose definition says {@code build: images/<folder>}: built (or found) when
     * Firedrill builds that folder itself; otherwise an error saying what can be built ({@link ContextImages} builds
     * a folder of the user's that holds a Dockerfile before it asks here).
     */
    String forBuildContext(StackDefinition definition, ServiceDefinition service) {
        String context = service.build().orElseThrow();
        String folder = context.replaceAll("/+$", "").replaceAll(".*/", "");
        Optional<AppImage> image = find(folder);
        if (image.isEmpty()) {
            throw new StackConfigurationException(definition.origin() + ": 'services." + service.name() + ".build' is '" + context
                    + "'; Firedrill builds " + onClasspath().stream().map(i -> "images/" + i.folder()).sorted().toList()
                    + " itself (images/ledger with the dependency dev.firedrill:firedrill-ledger, images/toxiproxy with"
                    + " dev.firedrill:firedrill-toxiproxy), and a folder of yours beside the Compose file that holds a Dockerfile,"
                    + " tagged with the service's 'image'; '" + context + "' is neither (no Dockerfile there)");
        }
        Optional<String> version = versionTag(image.get(), service.image());
        if (version.isEmpty()) {
            return ensure(image.get());
        }
        try {
            return ensureVersion(image.get().repository(), version.get());
        } catch (StackConfigurationException e) {
            throw new StackConfigurationException(definition.origin() + ": 'services." + service.name() + ".image' is '"
                    + service.image() + "': " + e.getMessage(), e);
        }
    }

    /**
     * The version a service's {@code image} asks of an image with versions: its tag when the repository is the image's own
     * ({@code firedrill/ledger:1.0.1} gives {@code 1.0.1}); none without a tag, with {@code latest}, for another
     * repository, or for an image without versions, all of which run the hash image as it is.
     */
    static Optional<String> versionTag(AppImage image, String reference) {
        if (image.versions().isEmpty() || reference == null || reference.contains("@")) {
            return Optional.empty();
        }
        int colon = reference.lastIndexOf(':');
        if (colon < 0 || colon < reference.lastIndexOf('/')) {
            return Optional.empty();
        }
        String tag = reference.substring(colon + 1);
        if (!reference.substring(0, colon).equals(image.repository()) || tag.equals("latest")) {
            return Optional.empty();
        }
        return Optional.of(tag);
    }

    /**
     * The image of one version ({@code firedrill/ledger:1.0.1}): the hash image of {@code repository} with its version
     * variable and {@value #VERSION_LABEL} set, built when missing or when it sits on an older hash image; returns its
     * name. An unknown repository or version is an error naming the valid ones.
     */
    public String ensureVersion(String repository, String version) {
        List<AppImage> images = onClasspath();
        AppImage image = images.stream().filter(i -> i.repository().equals(repository)).findFirst()
                .orElseThrow(() -> new StackConfigurationException("No module on the classpath builds the image " + repository
                        + "; the images there are " + images.stream().map(AppImage::repository).sorted().toList()));
        if (!image.versions().contains(version)) {
            throw new StackConfigurationException(repository + " has no version '" + version + "': its versions are "
                    + image.versions() + (image.versions().isEmpty() ? "" : ", or no tag for the current build, which runs the default")
                    + " (listed in " + DESCRIPTOR + " of " + image.artifact() + ")");
        }
        String base = ensure(image);
        return builtVersions.computeIfAbsent(repository + ":" + version, tag -> buildVersionIfMissing(image, base, version, tag));
    }

    private synchronized String buildVersionIfMissing(AppImage image, String base, String version, String tag) {
        String hash = label(base, HASH_LABEL);
        if (hash != null && hash.equals(label(tag, HASH_LABEL)) && version.equals(label(tag, VERSION_LABEL))) {
            return tag;
        }
        Path context = null;
        try {
            context = Files.createTempDirectory("firedrill-version-");
            Files.writeString(context.resolve("Dockerfile"), versionDockerfile(image, base, version));
            docker.buildImageCmd(context.toFile())
                    .withTags(Set.of(tag))
                    .withPull(false)
                    .exec(new BuildImageResultCallback())
                    .awaitImageId();
            return tag;
        } catch (IOException | RuntimeException e) {
            throw new StackException("Could not build image " + tag + " on " + base + ": " + e.getMessage(), e);
        } finally {
            if (context != null) {
                dev.firedrill.FileTrees.deleteQuietly(context);
            }
        }
    }

    /** The Dockerfile of a version image: the hash image with the version set, and nothing else. */
    static String versionDockerfile(AppImage image, String base, String version) {
        return "FROM " + base + "\n"
                + "ENV " + image.versionVariable() + "=" + version + "\n"
                + "LABEL " + VERSION_LABEL + "=\"" + version + "\"\n";
    }

    private String label(String tag, String name) {
        try {
            Map<String, String> labels = docker.inspectImageCmd(tag).exec().getConfig().getLabels();
            return labels == null ? null : labels.get(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Builds the image if no image with the current content hash exists; returns its full name. */
    public String ensure(AppImage image) {
        return built.computeIfAbsent(image, this::buildIfMissing);
    }

    private synchronized String buildIfMissing(AppImage image) {
        Path context = null;
        try {
            context = Files.createTempDirectory("firedrill-image-");
            assemble(image, context);
            String hash = contentHash(context);
            String tag = image.repository() + ":" + hash.substring(0, 16);
            if (exists(tag)) {
                return tag;
            }
            String jre = new LocalImageSubstitutor().apply(
                    org.testcontainers.utility.DockerImageName.parse("eclipse-temurin:17-jre")).asCanonicalNameString();
            docker.buildImageCmd(context.toFile())
                    .withTags(Set.of(tag, image.repository() + ":latest"))
                    .withBuildArg("JRE_IMAGE", jre)
                    .withLabels(Map.of(HASH_LABEL, hash))
                    .withPull(false)
                    .exec(new BuildImageResultCallback())
                    .awaitImageId();
            return tag;
        } catch (IOException e) {
            throw new StackException("Could not build image " + image.repository() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new StackException("Could not build image " + image.repository() + ": " + e.getMessage(), e);
        } finally {
            if (context != null) {
                dev.firedrill.FileTrees.deleteQuietly(context);
            }
        }
    }

    private boolean exists(String tag) {
        try {
            docker.inspectImageCmd(tag).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Writes the Dockerfile and {@code app/} (project classes as one jar, plus the needed library jars). */
    static void assemble(AppImage image, Path context) throws IOException {
        try (InputStream dockerfile = AppImages.class.getClassLoader().getResourceAsStream(image.dockerfile())) {
            if (dockerfile == null) {
                throw new StackException("Dockerfile resource " + image.dockerfile() + " is missing from the classpath");
            }
            Files.copy(dockerfile, context.resolve("Dockerfile"));
        }
        Path app = Files.createDirectories(context.resolve("app"));
        if (Files.isDirectory(image.module())) {
            jarDirectory(image.module(), app.resolve("firedrill.jar"));
        } else {
            Files.copy(image.module(), app.resolve("firedrill.jar"));
        }
        Set<Path> libraries = new LinkedHashSet<>();
        for (String anchor : image.anchorClasses()) {
            try {
                libraries.add(codeSource(Class.forName(anchor, false, AppImages.class.getClassLoader())));
            } catch (ClassNotFoundException e) {
                throw new StackException("Library class " + anchor + " needed by " + image.repository() + " is not on the classpath");
            }
        }
        for (Path library : libraries) {
            Files.copy(library, app.resolve(library.getFileName().toString()));
        }
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new StackException("Cannot locate the jar of " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    /** A jar of a classes directory with sorted entries and fixed times, so equal classes give an equal hash. */
    private static void jarDirectory(Path classes, Path jar) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            for (Path file : files) {
                JarEntry entry = new JarEntry(classes.relativize(file).toString().replace('\\', '/'));
                entry.setLastModifiedTime(EPOCH);
                zip.putNextEntry(entry);
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }

    static String contentHash(Path context) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(context)) {
            walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        for (Path file : files) {
            digest.update(context.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(Files.readAllBytes(file));
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
