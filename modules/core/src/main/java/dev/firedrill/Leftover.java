package dev.firedrill;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a fault leaves on the system while it holds, said so that another JVM can undo it when this one dies: the
 * journal's unit. A toxic on a fault proxy and a disabled proxy are undone through the proxy's API; a change that ends
 * with the JVM (a SQL session it holds) needs nothing; a change no journal can undo is reported with what to do by hand.
 *
 * @param type   what it is: {@value #TOXIC}, {@value #PROXY_DISABLED}, {@value #ENDS_WITH_JVM}, {@value #WITH_STACK} or {@value #BY_HAND}
 * @param fields where it is: {@code api} (the proxy's API, {@code http://host:port}), {@code proxy}, {@code toxic};
 *               for the other types {@code how} (what ends it, or what to do)
 */
public record Leftover(String type, Map<String, String> fields) {

    /** A toxic on a fault proxy: removed through its API. */
    public static final String TOXIC = "toxic";
    /** A proxy disabled (hard down): enabled again through its API. */
    public static final String PROXY_DISABLED = "proxy-disabled";
    /** Ends when the JVM that made it ends (its sessions close): nothing to undo, reported as such. */
    public static final String ENDS_WITH_JVM = "ends-with-jvm";
    /**
     * Goes with the containers of the dead run (a rule in a container's network namespace): the sweep removes them when
     * the next stack starts (docs/stack.md); nothing for the journal to undo, reported as such.
     */
    public static final String WITH_STACK = "with-stack";
    /** Cannot be undone by the journal: reported with what to do by hand. */
    public static final String BY_HAND = "by-hand";

    private static final List<String> TYPES = List.of(TOXIC, PROXY_DISABLED, ENDS_WITH_JVM, WITH_STACK, BY_HAND);

    public Leftover {
        Objects.requireNonNull(type, "type");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("leftover type '" + type + "' is not one of " + TYPES);
        }
        fields = Map.copyOf(fields);
        for (String needed : switch (type) {
            case TOXIC -> List.of("api", "proxy", "toxic");
            case PROXY_DISABLED -> List.of("api", "proxy");
            default -> List.of("how");
        }) {
            if (fields.get(needed) == null || fields.get(needed).isBlank()) {
                throw new IllegalArgumentException("a " + type + " leftover needs '" + needed + "', got " + fields);
            }
        }
    }

    /** The toxic {@code toxic} on the proxy {@code proxy} of the fault proxy whose API is at {@code api}. */
    public static Leftover toxic(Endpoint api, String proxy, String toxic) {
        return new Leftover(TOXIC, Map.of("api", apiUrl(api), "proxy", proxy, "toxic", toxic));
    }

    /** The proxy {@code proxy} of the fault proxy whose API is at {@code api}, disabled. */
    public static Leftover proxyDisabled(Endpoint api, String proxy) {
        return new Leftover(PROXY_DISABLED, Map.of("api", apiUrl(api), "proxy", proxy));
    }

    /** How a later JVM reaches that API: {@code http://host:port}. */
    private static String apiUrl(Endpoint api) {
        return "http://" + api;
    }

    /** A change that ends with this JVM: {@code how} says why ("its 5 sessions close with the JVM"). */
    public static Leftover endsWithJvm(String how) {
        return new Leftover(ENDS_WITH_JVM, Map.of("how", how));
    }

    /** A change that goes with the run's containers, removed by the next stack start's sweep: {@code how} says what it is. */
    public static Leftover withStack(String how) {
        return new Leftover(WITH_STACK, Map.of("how", how));
    }

    /** A change only a person can undo: {@code how} says what to do. */
    public static Leftover byHand(String how) {
        return new Leftover(BY_HAND, Map.of("how", how));
    }

    /** The proxy API it is undone through; null for the types not undone through one. */
    public String api() {
        return fields.get("api");
    }

    /** In words: "toxic firedrill-1a2b-downstream on proxy web (http://127.0.0.1:8474)". */
    public String describe() {
        return switch (type) {
            case TOXIC -> "toxic " + fields.get("toxic") + " on proxy " + fields.get("proxy") + " (" + fields.get("api") + ")";
            case PROXY_DISABLED -> "proxy " + fields.get("proxy") + " disabled (" + fields.get("api") + ")";
            case ENDS_WITH_JVM -> "ends with the JVM: " + fields.get("how");
            case WITH_STACK -> "goes with the run's containers, which the next stack start sweeps: " + fields.get("how");
            default -> "not undone by Firedrill: " + fields.get("how");
        };
    }
}
