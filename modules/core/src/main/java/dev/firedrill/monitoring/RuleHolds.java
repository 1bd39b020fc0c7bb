package dev.firedrill.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The alerting rules of a rule file with their holds ({@code for}; 0 when none): what Prometheus must report once loaded. */
final class RuleHolds {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private RuleHolds() {
    }

    static Map<String, Duration> of(String text, String file) {
        Map<String, Duration> holds = new LinkedHashMap<>();
        try {
            for (JsonNode group : YAML.readTree(text).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    if (rule.has("alert")) {
                        holds.put(rule.get("alert").asText(), rule.has("for") ? PromDuration.parse(rule.get("for").asText(), file) : Duration.ZERO);
                    }
                }
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getOriginalMessage());
        }
        return holds;
    }
}
