package dev.firedrill.stack;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The images that carry this project's code: the reference service and the fault proxy.
 *
 * <p>Each is a JRE image plus the project's classes and exactly the libraries that program needs. The
 * tag is a hash of everything copied in, so an image is rebuilt when (and only when) the code changes:
 * {@code firedrill/ledger:<hash>}, also tagged {@code :latest} for hand use with {@code docker compose}.
 * The JRE base is the public {@code eclipse-temurin:17-jre} or the local {@code firedrill/jre:17},
 * chosen like every other image ({@link LocalImageSubstitutor}).
 */
public final class AppImages {

    /** An image built from the project jar: its repository, Dockerfile resource and the classes it needs. */
    public record AppImage(String repository, String dockerfile, List<String> anchorClasses) {
    }

    /** The reference service: JDK HTTP server, HikariCP, pgjdbc, Jedis, Jackson. */
    public static final AppImage LEDGER = new AppImage("firedrill/ledger", "dev/firedrill/images/ledger/Dockerfile", List.of(
            "com.zaxxer.hikari.HikariDataSource",
            "org.postgresql.Driver",
            "redis.clients.jedis.Jedis",
            "org.apache.commons.pool2.ObjectPool",
            "com.google.gson.Gson",
            "org.json.JSONObject",
            "com.fasterxml.jackson.databind.ObjectMapper",
            "com.fasterxml.jackson.core.JsonFactory",
            "com.fasterxml.jackson.annotation.JsonProperty",
            "org.slf4j.Logger"));

    /** The Toxiproxy-compatible server: the JDK only. */
    public static final AppImage TOXIPROXY = new AppImage("firedrill/toxiproxy", "dev/firedrill/images/toxiproxy/Dockerfile", List.of());

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

    /** The images Firedrill builds itself, by the folder of {@code images/} a compose file's {@code build} names. */
    static final Map<String, AppImage> BY_FOLDER = Map.of("ledger", LEDGER, "toxiproxy", TOXIPROXY);

    /**
     * The image of a service whose compose definition says {@code build: images/<folder>}: built (or found) when
     * Firedrill builds that folder itself; otherwise an error saying how to name a prebuilt image.
     */
    String forBuildContext(StackDefinition definition, ServiceDefinition service) {
        String context = service.build().orElseThrow();
        String folder = context.replaceAll("/+$", "").replaceAll(".*/", "");
        AppImage image = BY_FOLDER.get(folder);
        if (image == null) {
            throw new StackConfigurationException(definition.source() + ": 'services." + service.name() + ".build' is '" + context
                    + "'; Firedrill builds " + BY_FOLDER.keySet().stream().sorted().map(f -> "images/" + f).toList()
                    + " itself; build other images beforehand and name them in 'image'");
        }
        return ensure(image);
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
        Path project = codeSource(AppImages.class);
        if (Files.isDirectory(project)) {
            jarDirectory(project, app.resolve("firedrill.jar"));
        } else {
            Files.copy(project, app.resolve("firedrill.jar"));
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
