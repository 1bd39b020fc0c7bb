package dev.firedrill.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.capability.HelperContainers;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The webhook receiver Alertmanager delivers to during a drill, so delivery is observed, not assumed. It runs as a
 * helper container on the system's own network ({@code images/alert-receiver}: Python's standard library), which keeps
 * each notification with the instant it arrived; Alertmanager reaches it by name, as it reaches any receiver, and never
 * needs a path to the machine the harness runs on. The harness reads the notifications back on every poll of the alert
 * watch and notes each alert on the timeline as {@code delivered: <alert>{labels} firing|resolved}, dated by its
 * arrival (the engine host's clock, which is this host's when the engine is local).
 */
final class AlertReceiver implements AutoCloseable {

    /** The path Alertmanager posts to. */
    static final String PATH = "/alerts";
    static final String IMAGE_FOLDER = "dev/firedrill/images/alert-receiver/";
    static final int PORT = 9095;

    private final HelperContainers.Running helper;
    private final URI base;
    private final HttpClient client = PrometheusApi.client(AlertWatch.TIMEOUT);
    private final Timeline timeline;
    private long next;

    private AlertReceiver(HelperContainers.Running helper, Timeline timeline) {
        this.helper = helper;
        this.base = URI.create("http://" + helper.endpoint().host() + ":" + helper.endpoint().port());
        this.timeline = timeline;
    }

    /** Starts the receiver beside the system's services; its notifications go on {@code timeline}. */
    static AlertReceiver start(HelperContainers helpers, Timeline timeline) {
        return new AlertReceiver(helpers.start(helper()), timeline);
    }

    /** The receiver's helper: its image's files come with the harness. */
    static HelperContainers.Helper helper() {
        Map<String, byte[]> context = new LinkedHashMap<>();
        for (String file : new String[] {"Dockerfile", "receiver.py"}) {
            try (InputStream in = AlertReceiver.class.getClassLoader().getResourceAsStream(IMAGE_FOLDER + file)) {
                if (in == null) {
                    throw new MonitoringException("the alert receiver's " + file + " (" + IMAGE_FOLDER + file + ") is missing from the classpath");
                }
                context.put(file, in.readAllBytes());
            } catch (IOException e) {
                throw new MonitoringException("cannot read the alert receiver's " + file + ": " + e, e);
            }
        }
        return new HelperContainers.Helper("alert-receiver", "firedrill/alert-receiver", context, PORT, "/ready");
    }

    /** Where the harness reaches it (its port mapped on the engine's host). */
    URI base() {
        return base;
    }

    /** The URL Alertmanager delivers to. */
    String url() {
        return "http://" + helper.address() + PATH;
    }

    /** Reads the notifications that arrived since the last call and notes each of their alerts at its arrival. */
    synchronized void collect() {
        JsonNode answer = Http.getJson(client, base, "/notifications?since=" + next, AlertWatch.TIMEOUT, "the alert receiver");
        TimePoint now = timeline.clock().now();
        for (JsonNode notification : answer.path("notifications")) {
            TimePoint at = AlertWatch.at(Instant.ofEpochMilli(notification.path("at").asLong()), now);
            JsonNode body = notification.path("body");
            if (body.has("error")) {
                timeline.note("alert-receiver-error", body.path("error").asText(), at);
                continue;
            }
            for (JsonNode alert : body.path("alerts")) {
                Map<String, String> labels = PrometheusApi.labels(alert.path("labels"));
                String name = labels.remove("alertname");
                timeline.note(AlertEvent.KIND, new AlertEvent(AlertEvent.Source.DELIVERED, name == null ? "(unnamed)" : name, labels,
                        alert.path("status").asText("firing")).detail(), at);
            }
        }
        next = answer.path("next").asLong(next);
    }

    /** Reads what arrived last, then removes the receiver. */
    @Override
    public void close() {
        try {
            collect();
        } catch (RuntimeException e) {
            timeline.note("alert-watch-error", "the alert receiver's last notifications could not be read: " + e.getMessage());
        } finally {
            helper.close();
        }
    }
}
