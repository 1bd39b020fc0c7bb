package dev.firedrill.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.firedrill.Timeline;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook receiver Alertmanager delivers to during a drill: every alert of every notification goes on the timeline
 * as {@code delivered: <alert>{labels} firing|resolved} at the instant it arrived, so delivery is observed, not assumed.
 * It listens on an address the system's services reach ({@code HostCallbacks}), on a port the system picks.
 */
final class AlertReceiver implements AutoCloseable {

    /** The path Alertmanager posts to. */
    static final String PATH = "/alerts";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Timeline timeline;
    private final AtomicLong notifications = new AtomicLong();

    private AlertReceiver(HttpServer server, ExecutorService executor, Timeline timeline) {
        this.server = server;
        this.executor = executor;
        this.timeline = timeline;
    }

    /** Listens on {@code address} (port chosen by the system) and notes deliveries on {@code timeline}. */
    static AlertReceiver start(InetAddress address, Timeline timeline) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 16);
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "firedrill-alert-receiver");
                t.setDaemon(true);
                return t;
            });
            AlertReceiver receiver = new AlertReceiver(server, executor, timeline);
            server.createContext(PATH, receiver::handle);
            server.setExecutor(executor);
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new MonitoringException("could not open the alert receiver on " + address.getHostAddress() + ": " + e, e);
        }
    }

    /** The port it listens on. */
    int port() {
        return server.getAddress().getPort();
    }

    /** How many notifications arrived. */
    long notifications() {
        return notifications.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            JsonNode body;
            try {
                body = PrometheusApi.JSON.readTree(in);
            } catch (IOException e) {
                timeline.note("alert-receiver-error", "a notification that is not JSON: " + e.getMessage());
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            notifications.incrementAndGet();
            for (JsonNode alert : body.path("alerts")) {
                Map<String, String> labels = PrometheusApi.labels(alert.path("labels"));
                String name = labels.remove("alertname");
                timeline.note(AlertEvent.KIND, new AlertEvent(AlertEvent.Source.DELIVERED, name == null ? "(unnamed)" : name, labels,
                        alert.path("status").asText("firing")).detail());
            }
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
