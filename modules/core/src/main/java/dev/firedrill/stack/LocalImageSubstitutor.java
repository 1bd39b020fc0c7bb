package dev.firedrill.stack;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Testcontainers' image substitution for machines without a registry: maps each public image of the
 * stack to its locally built counterpart (docs/stack.md), following {@link ImageMode}.
 *
 * <p>Registered through {@code testcontainers.properties} ({@code image.substitutor}), so it applies to
 * every container Testcontainers starts in the JVM, the stack's and a user's own
 * {@code new PostgreSQLContainer("postgres:15")} alike.
 */
public final class LocalImageSubstitutor extends ImageNameSubstitutor {

    /** Public repository to local image. The toxiproxy image is built on demand from the module firedrill-toxiproxy (AppImages). */
    private static final Map<String, Supplier<String>> LOCAL = Map.ofEntries(
            Map.entry("postgres", () -> "firedrill/postgres:15"),
            Map.entry("redis", () -> "firedrill/redis:7"),
            Map.entry("nginx", () -> "firedrill/nginx"),
            Map.entry("eclipse-temurin", () -> "firedrill/jre:17"),
            Map.entry("ghcr.io/shopify/toxiproxy", LocalImageSubstitutor::localToxiproxy),
            Map.entry("shopify/toxiproxy", LocalImageSubstitutor::localToxiproxy),
            // The monitoring tools (images/monitoring and the thin images beside it).
            Map.entry("prom/prometheus", () -> "firedrill/prometheus"),
            Map.entry("prom/alertmanager", () -> "firedrill/alertmanager"),
            Map.entry("prometheuscommunity/postgres-exporter", () -> "firedrill/postgres-exporter"),
            Map.entry("oliver006/redis_exporter", () -> "firedrill/redis-exporter"),
            Map.entry("prom/blackbox-exporter", () -> "firedrill/blackbox-exporter"));

    /** The fault proxy built from {@code firedrill-toxiproxy}; without that module only the public image can be used. */
    private static String localToxiproxy() {
        return AppImages.shared().ensure(AppImages.find("toxiproxy").orElseThrow(() -> new StackException(
                "no registry gives ghcr.io/shopify/toxiproxy here, and the local fault proxy image needs Firedrill's fault proxy"
                        + " on the classpath: add the dependency dev.firedrill:firedrill-toxiproxy (test scope)")));
    }

    private final ImageMode mode;
    private final Predicate<String> present;
    private final Map<String, DockerImageName> decided = new ConcurrentHashMap<>();

    /** Used by Testcontainers (no-arg constructor). */
    public LocalImageSubstitutor() {
        this(ImageMode.fromEnvironment(), LocalImageSubstitutor::presentOnEngine);
    }

    LocalImageSubstitutor(ImageMode mode, Predicate<String> present) {
        this.mode = mode;
        this.present = present;
    }

    @Override
    public DockerImageName apply(DockerImageName original) {
        return decided.computeIfAbsent(original.asCanonicalNameString(), key -> decide(original));
    }

    private DockerImageName decide(DockerImageName original) {
        Optional<Supplier<String>> local = localFor(original);
        if (local.isEmpty()) {
            return original;
        }
        boolean publicPresent = mode == ImageMode.AUTO && present.test(original.asCanonicalNameString());
        // Toxiproxy's local image is built on demand, so it counts as present.
        boolean localPresent = isToxiproxy(original) || present.test(localName(original));
        if (!mode.useLocal(publicPresent, localPresent)) {
            return original;
        }
        return DockerImageName.parse(local.get().get()).asCompatibleSubstituteFor(original.getUnversionedPart());
    }

    static Optional<Supplier<String>> localFor(DockerImageName image) {
        String repository = image.getUnversionedPart();
        return Optional.ofNullable(LOCAL.get(repository.replaceFirst("^(docker\\.io/)?(library/)?", "")));
    }

    private static String localName(DockerImageName original) {
        return localFor(original).map(Supplier::get).orElseThrow();
    }

    private static boolean isToxiproxy(DockerImageName image) {
        return image.getUnversionedPart().endsWith("shopify/toxiproxy");
    }

    private static boolean presentOnEngine(String image) {
        try {
            DockerClientFactory.lazyClient().inspectImageCmd(image).exec();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    protected String getDescription() {
        return "Firedrill local images (" + mode + ")";
    }
}
