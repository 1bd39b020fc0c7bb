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
     */
    public record AppImage(String repository, String folder, String dockerfile, List<String> anchorClasses, Path module,
            String artifact) {
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
        List<String> libraries = Arrays.stream(p.getProperty("libraries", "").split(",")).map(String::trim)
                .filter(c -> !c.isEmpty()).toList();
        return new AppImage(required(p, url, "repository"), required(p, url, "folder"), required(p, url, "dockerfile"), libraries,
                moduleOf(url), required(p, url, "artifact"));
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

    private static final FileTime EPOCH = FileTime.fromMillis(0);
    private static volatile AppImages shared;

    private final DockerClient docker;
    private final Map<AppImage, String> built = new ConcurrentHashMap<>();

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
        return ensure(image.get());
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
