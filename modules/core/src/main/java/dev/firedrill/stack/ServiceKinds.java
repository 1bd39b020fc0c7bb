package dev.firedrill.stack;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What protocol a stack's service speaks, read from its definition: a PostgreSQL service runs an image of the
 * {@code postgres} repository (or {@code firedrill/postgres}) or publishes 5432 from an image of no other known
 * kind; a Redis service likewise with {@code redis} and 6379; any other service that publishes a port is taken
 * for HTTP. The fault proxy itself is never such a service, though it publishes their ports.
 */
final class ServiceKinds {

    private ServiceKinds() {
    }

    private enum Known {
        POSTGRES("postgres", List.of("postgres", "firedrill/postgres"), 5432),
        REDIS("redis", List.of("redis", "firedrill/redis"), 6379);

        final String protocol;
        final List<String> repositories;
        final int port;

        Known(String protocol, List<String> repositories, int port) {
            this.protocol = protocol;
            this.repositories = repositories;
            this.port = port;
        }
    }

    /** {@code postgres}, {@code redis} or {@code http}; empty for the fault proxy and for a service with no port. */
    static Optional<String> protocol(StackDefinition definition, String name) {
        ServiceDefinition service = definition.service(name);
        if (definition.proxy().map(p -> p.service().equals(name)).orElse(false)) {
            return Optional.empty();
        }
        String repository = repository(service.image());
        for (Known kind : Known.values()) {
            boolean otherKind = Arrays.stream(Known.values()).anyMatch(other -> other != kind && other.repositories.contains(repository));
            if (kind.repositories.contains(repository) || (!otherKind && service.build().isEmpty() && service.ports().contains(kind.port))) {
                return Optional.of(kind.protocol);
            }
        }
        return service.ports().isEmpty() ? Optional.empty() : Optional.of("http");
    }

    /** {@code docker.io/library/postgres:15} → {@code postgres}; {@code firedrill/postgres:15} → {@code firedrill/postgres}. */
    static String repository(String image) {
        if (image == null) {
            return "";
        }
        String name = image.toLowerCase(Locale.ROOT);
        int digest = name.indexOf('@');
        if (digest >= 0) {
            name = name.substring(0, digest);
        }
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (colon > slash) {
            name = name.substring(0, colon);
        }
        String[] parts = name.split("/");
        if (parts.length > 1 && (parts[0].contains(".") || parts[0].contains(":") || parts[0].equals("localhost"))) {
            name = name.substring(parts[0].length() + 1);
        }
        if (name.startsWith("library/")) {
            name = name.substring("library/".length());
        }
        return name;
    }
}
