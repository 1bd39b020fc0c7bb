package dev.firedrill.kind;

import dev.firedrill.Fault;
import dev.firedrill.Preparation;
import dev.firedrill.Recovery;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a kind's descriptor says it requires (shown by the schema, {@code ./drill list --kinds}, the plan and
 * docs/kinds.md) is exactly what the value it builds requires when the runner checks it.
 */
class KindRequirementsTest {

    @Test
    void everyBuiltInKindDeclaresTheCapabilitiesItsValueRequires() {
        List<String> mismatches = new ArrayList<>();
        Kinds kinds = Kinds.onClasspath().builtIn();
        for (KindDescriptor.Category category : List.of(KindDescriptor.Category.FAULT, KindDescriptor.Category.PROCEDURE,
                KindDescriptor.Category.PREPARATION)) {
            for (KindDescriptor<?> kind : kinds.in(category)) {
                Object value = kind.build(new Args(example(kind)));
                Set<?> built = switch (category) {
                    case FAULT -> ((Fault) value).requires();
                    case PROCEDURE -> ((Recovery) value).requires();
                    default -> ((Preparation) value).requires();
                };
                if (!built.equals(kind.requires())) {
                    mismatches.add(category.noun() + " " + kind.name() + ": descriptor " + names(kind.requires()) + ", value " + names(built));
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void aStepThatNeedsMoreThanItsEndpointsSaysSo() {
        Kinds kinds = Kinds.onClasspath().builtIn();
        assertThat(kinds.get(KindDescriptor.Category.FAULT, "kill").requires()).isNotEmpty();
        assertThat(kinds.get(KindDescriptor.Category.FAULT, "latency").requires()).isNotEmpty();
        assertThat(kinds.get(KindDescriptor.Category.PROCEDURE, "terminate-blockers").requires()).isNotEmpty();
    }

    /** A value for every field: the default where there is one, else a plausible one of its type. */
    private static Map<String, Object> example(KindDescriptor<?> kind) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Param p : kind.params()) {
            Object value = p.defaultValue();
            if (value == null) {
                value = switch (p.type()) {
                    case INTEGER -> 1;
                    case NUMBER, SHARE -> 0.01;
                    case DURATION -> Duration.ofSeconds(1);
                    case TEXTS -> List.of("ledger");
                    case CHOICE -> p.choices().get(0);
                    case BOOLEAN -> true;
                    case TEXT_MAP -> Map.of();
                    case TEXT -> switch (p.name()) {
                        case "table" -> "entries";
                        case "where" -> "amount > 0";
                        case "policy" -> "allkeys-lru";
                        case "run" -> "drills/scripts/dr-drill.sh";
                        case "query" -> "SELECT 1";
                        case "path" -> "/ready";
                        case "image" -> "firedrill/ledger:2.0.0";
                        case "repository" -> "firedrill/ledger";
                        case "limit", "memory" -> "256m";
                        default -> "postgres";
                    };
                };
            }
            values.put(p.name(), value);
        }
        return values;
    }

    private static List<String> names(Set<?> capabilities) {
        return capabilities.stream().map(c -> ((Class<?>) c).getSimpleName()).sorted().toList();
    }
}
