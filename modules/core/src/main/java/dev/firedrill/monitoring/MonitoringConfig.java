package dev.firedrill.monitoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a team's monitoring files with a drill's {@link MonitoringSettings}: the scrape and evaluation intervals,
 * the rules' holds sped up, the rule files named as they will lie beside Prometheus's configuration, and Alertmanager
 * delivering every alert to the drill's receiver as well as to its own routes. Only what the settings name changes;
 * everything else is kept as written. Pure: it reads texts and returns texts.
 */
final class MonitoringConfig {

    /** The receiver the drill adds to Alertmanager (or whose webhook URL it sets, when the file already names it). */
    static final String RECEIVER = "firedrill";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

    /** A rendered rule file: its name beside the configuration, its text, and each hold it changed ("APIDown for 1m -> 5s"). */
    record RuleFile(String name, String text, List<String> changes) {
    }

    private MonitoringConfig() {
    }

    /** Prometheus's configuration with the settings' intervals and {@code rule_files} naming {@code ruleFileNames}. */
    static String prometheus(String text, String file, MonitoringSettings settings, List<String> ruleFileNames) {
        ObjectNode root = object(read(text, file), file);
        ObjectNode global = root.has("global") ? object(root.get("global"), file + ": global") : root.putObject("global");
        if (settings.scrapeInterval() != null) {
            String interval = PromDuration.format(settings.scrapeInterval());
            global.put("scrape_interval", interval);
            for (JsonNode job : root.path("scrape_configs")) {
                if (job instanceof ObjectNode j && j.has("scrape_interval")) {
                    j.put("scrape_interval", interval);
                }
            }
        }
        if (settings.scrapeTimeout() != null) {
            global.put("scrape_timeout", PromDuration.format(settings.scrapeTimeout()));
            for (JsonNode job : root.path("scrape_configs")) {
                if (job instanceof ObjectNode j && j.has("scrape_timeout")) {
                    j.put("scrape_timeout", PromDuration.format(settings.scrapeTimeout()));
                }
            }
        }
        if (settings.scrapeInterval() != null) {
            boundTimeout(global, settings.scrapeInterval(), Duration.ofSeconds(10), file);
            for (JsonNode job : root.path("scrape_configs")) {
                if (job instanceof ObjectNode j && j.has("scrape_timeout")) {
                    boundTimeout(j, settings.scrapeInterval(), settings.scrapeInterval(), file);
                }
            }
        }
        if (settings.evaluationInterval() != null) {
            global.put("evaluation_interval", PromDuration.format(settings.evaluationInterval()));
        }
        ArrayNode files = root.putArray("rule_files");
        ruleFileNames.forEach(files::add);
        return write(root, file);
    }

    /** A rule file with every group's interval and every alerting rule's {@code for} as the settings say. */
    static RuleFile rules(String text, String file, String name, MonitoringSettings settings) {
        ObjectNode root = object(read(text, file), file);
        List<String> changes = new ArrayList<>();
        for (JsonNode g : root.path("groups")) {
            ObjectNode group = object(g, file + ": a group");
            if (settings.evaluationInterval() != null) {
                group.put("interval", PromDuration.format(settings.evaluationInterval()));
            } else if (group.has("interval") && !settings.rulesAsWritten()) {
                group.put("interval", PromDuration.format(scaled(PromDuration.parse(group.get("interval").asText(), file), settings)));
            }
            for (JsonNode r : group.path("rules")) {
                if (r instanceof ObjectNode rule && rule.has("alert") && rule.has("for") && !settings.rulesAsWritten()) {
                    String written = rule.get("for").asText();
                    String sped = PromDuration.format(scaled(PromDuration.parse(written, file + ": " + rule.get("alert").asText()), settings));
                    rule.put("for", sped);
                    changes.add(rule.get("alert").asText() + " for " + written + " -> " + sped);
                }
            }
        }
        return new RuleFile(name, write(root, file), List.copyOf(changes));
    }

    /**
     * Alertmanager's configuration delivering to {@code webhook} too: the receiver {@value #RECEIVER} gets that URL
     * (added, with a first route that matches everything and continues, when the file does not name it, so the team's
     * own routing is unchanged), and the top route's grouping timings as the settings say.
     */
    static String alertmanager(String text, String file, MonitoringSettings settings, String webhook) {
        ObjectNode root = object(read(text, file), file);
        ObjectNode route = root.has("route") ? object(root.get("route"), file + ": route") : root.putObject("route");
        if (settings.groupWait() != null) {
            route.put("group_wait", PromDuration.format(settings.groupWait()));
        }
        if (settings.groupInterval() != null) {
            route.put("group_interval", PromDuration.format(settings.groupInterval()));
        }
        ArrayNode receivers = root.has("receivers") ? (ArrayNode) root.get("receivers") : root.putArray("receivers");
        ObjectNode ours = null;
        for (JsonNode r : receivers) {
            if (RECEIVER.equals(r.path("name").asText())) {
                ours = (ObjectNode) r;
            }
        }
        if (ours == null) {
            ours = receivers.addObject().put("name", RECEIVER);
        }
        if (webhook != null) {
            ours.remove("webhook_configs");
            ours.putArray("webhook_configs").addObject().put("url", webhook).put("send_resolved", true);
        }
        if (!RECEIVER.equals(route.path("receiver").asText())) {
            if (!route.has("receiver")) {
                route.put("receiver", RECEIVER);
            } else {
                ArrayNode routes = route.has("routes") ? (ArrayNode) route.get("routes") : route.putArray("routes");
                boolean present = false;
                for (JsonNode r : routes) {
                    present |= RECEIVER.equals(r.path("receiver").asText());
                }
                if (!present) {
                    ObjectNode first = YAML.createObjectNode().put("receiver", RECEIVER).put("continue", true);
                    routes.insert(0, first);
                }
            }
        }
        return write(root, file);
    }

    private static Duration scaled(Duration written, MonitoringSettings settings) {
        return Duration.ofMillis(Math.max(1, Math.round(written.toMillis() / settings.speedUp())));
    }

    /** A scrape timeout no longer than the interval (Prometheus refuses one that is). */
    private static void boundTimeout(ObjectNode node, Duration interval, Duration fallback, String file) {
        Duration timeout = node.has("scrape_timeout") ? PromDuration.parse(node.get("scrape_timeout").asText(), file) : fallback;
        if (timeout.compareTo(interval) > 0) {
            node.put("scrape_timeout", PromDuration.format(interval));
        }
    }

    private static JsonNode read(String text, String file) {
        try {
            JsonNode n = YAML.readTree(text);
            return n == null ? YAML.createObjectNode() : n;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getOriginalMessage());
        }
    }

    private static ObjectNode object(JsonNode n, String where) {
        if (!(n instanceof ObjectNode o)) {
            throw new IllegalArgumentException(where + " must be a mapping");
        }
        return o;
    }

    private static String write(JsonNode root, String file) {
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write " + file + " back: " + e.getOriginalMessage(), e);
        }
    }
}
