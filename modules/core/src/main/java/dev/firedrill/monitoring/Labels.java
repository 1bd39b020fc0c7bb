package dev.firedrill.monitoring;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Label sets as PromQL writes them, and the matching an alert objective does. */
final class Labels {

    private Labels() {
    }

    /** {@code {job="ledger",severity="critical"}}, labels sorted by name; {@code {}} when there are none. */
    static String selector(Map<String, String> labels) {
        return new TreeMap<>(labels).entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** Whether {@code labels} carries every one of {@code wanted} with the same value. */
    static boolean matches(Map<String, String> labels, Map<String, String> wanted) {
        return wanted.entrySet().stream().allMatch(w -> w.getValue().equals(labels.get(w.getKey())));
    }
}
