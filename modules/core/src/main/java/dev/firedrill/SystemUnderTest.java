package dev.firedrill;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The system a drill acts on: named services, how the harness reaches them, and the {@link Capability capabilities}
 * it offers for acting on them.
 *
 * <p>A container stack implements it (offering every capability), and so does a system started elsewhere
 * (external mode: a fault proxy and SQL sessions, when its endpoints file gives them).
 * Example: {@code URI ledger = sut.endpoint("ledger", 8080).httpUri();}
 */
public interface SystemUnderTest {

    /** Names of the services this system has, as faults and recoveries refer to them. */
    Set<String> services();

    /** Where the harness reaches {@code port} of {@code service} (through the fault proxy when one fronts it). */
    Endpoint endpoint(String service, int port);

    /**
     * Where the harness's own connections reach {@code port} of {@code service}, bypassing the fault proxy where the
     * system can (so a network fault does not cut a fault's own sessions); by default the same as {@link #endpoint}.
     */
    default Endpoint directEndpoint(String service, int port) {
        return endpoint(service, port);
    }

    /** The environment a service was configured with, for credentials and settings (never logged unmasked). */
    Map<String, String> environment(String service);

    /**
     * The protocol the harness speaks with {@code service} when it is known: {@code postgres}, {@code redis} or
     * {@code http}; empty when the system cannot tell (a service of its own kind).
     */
    default Optional<String> protocol(String service) {
        return Optional.empty();
    }

    /** The ports {@code service} offers, first the main one (a drill's {@code port} defaults come from it). */
    default List<Integer> ports(String service) {
        return List.of();
    }

    /** The id of the run that started this system, when the harness started it (it labels what the run created). */
    default Optional<String> startedByRun() {
        return Optional.empty();
    }

    /** What each service runs (image name and id), for the evidence; empty when the system cannot tell. */
    default Map<String, String> images() {
        return Map.of();
    }

    /** The capabilities this system offers; none by default. */
    default Set<Class<? extends Capability>> capabilities() {
        return Set.of();
    }

    /** This system's {@code type} capability, when it offers it. */
    default <T extends Capability> Optional<T> capability(Class<T> type) {
        return Optional.empty();
    }

    /**
     * This system's {@code type} capability, or an error saying that {@code action} needs it and what the system offers.
     *
     * @throws IllegalArgumentException when the system does not offer {@code type}
     */
    default <T extends Capability> T require(Class<T> type, String action) {
        requireAll(Set.of(type), action);
        return capability(type).orElseThrow();
    }

    /**
     * Checks this system offers every capability in {@code needed}; otherwise an error naming the ones missing and
     * the ones it offers. The runner checks every step this way before anything acts.
     *
     * @throws IllegalArgumentException when a capability is missing
     */
    default void requireAll(Set<Class<? extends Capability>> needed, String action) {
        List<Class<? extends Capability>> lacking = needed.stream().filter(type -> capability(type).isEmpty())
                .sorted(java.util.Comparator.comparing(Class::getSimpleName)).toList();
        if (!lacking.isEmpty()) {
            List<String> hints = lacking.stream().flatMap(type -> howToOffer(type).stream()).distinct().toList();
            throw new IllegalArgumentException(action + " needs " + (lacking.size() == 1 ? "the capability " : "the capabilities ")
                    + String.join(", ", lacking.stream().map(Class::getSimpleName).toList()) + ", which " + describe()
                    + " does not offer; it offers " + offered() + (hints.isEmpty() ? "" : " (" + String.join("; ", hints) + ")"));
        }
    }

    /**
     * {@code service}, when this system has it; otherwise an error naming the services it has.
     *
     * @throws IllegalArgumentException when the service is unknown
     */
    default String requireService(String service, String action) {
        if (service == null || !services().contains(service)) {
            throw new IllegalArgumentException(action + ": " + describe() + " has no service '" + service + "'; its services: "
                    + new TreeSet<>(services()));
        }
        return service;
    }

    /**
     * {@code service}, when it is a service of {@code protocol} ({@code postgres}, {@code redis}, {@code http});
     * otherwise an error listing the services that are.
     */
    default String requireProtocol(String service, String protocol, String action) {
        requireService(service, action);
        if (protocol(service).filter(protocol::equals).isPresent()) {
            return service;
        }
        List<String> valid = services().stream().sorted().filter(s -> protocol(s).filter(protocol::equals).isPresent()).toList();
        throw new IllegalArgumentException(action + " applies to a " + protocol + " service; '" + service + "' is "
                + protocol(service).map(p -> "a " + p + " service").orElse("of a kind the harness cannot tell")
                + "; valid targets are " + (valid.isEmpty() ? "none here" : valid.toString()));
    }

    /**
     * How this system could offer {@code type} when it does not, for the error that says it is missing: e.g. "declare
     * x-firedrill.proxy in my-stack.yml". Empty when there is nothing to say.
     */
    default Optional<String> howToOffer(Class<? extends Capability> type) {
        return Optional.empty();
    }

    /** How error messages name this system, e.g. {@code the stack of docker-compose.drill.yml}. */
    default String describe() {
        return "the system under test (" + getClass().getSimpleName() + ")";
    }

    private String offered() {
        List<String> names = capabilities().stream().map(Class::getSimpleName).sorted().toList();
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
