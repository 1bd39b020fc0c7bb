package dev.firedrill.measure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.firedrill.HarnessClock;
import dev.firedrill.Observation;
import dev.firedrill.Probe;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * An HTTP probe on one path of the reference service: a GET of a known entry (read), a POST of a
 * fresh entry (write), a GET of any endpoint answering 2xx (e.g. readiness), or a read-back straight from
 * the database that must still list a known entry (data). Immutable; each
 * {@link #start(Timeline)} polls on its own daemon thread. Obtain one from {@link Probes#http(URI)}.
 */
public final class HttpProbe implements Probe {

    enum Kind { READ, WRITE, GET, DATA }


    private final HttpProbes settings;
    private final Kind kind;
    private final String path;
    private final String target; // entry id (READ, DATA), id prefix (WRITE) or request path (GET)
    private final long seq;      // DATA: the entry's seq

    HttpProbe(HttpProbes settings, Kind kind, String path, String target) {
        this(settings, kind, path, target, 0);
    }

    HttpProbe(HttpProbes settings, Kind kind, String path, String target, long seq) {
        this.seq = seq;
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.kind = kind;
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("Probe path must not be blank, was '" + path + "'");
        }
        this.path = path;
        this.target = target;
    }

    @Override
    public String path() {
        return path;
    }

    /** The polling interval. */
    public Duration interval() {
        return settings.interval();
    }

    @Override
    public Running start(Timeline timeline) {
        Objects.requireNonNull(timeline, "timeline must not be null");
        HttpClient client = HttpCalls.client(settings.requestTimeout());
        return ScheduledProbeRun.start(path, settings.interval(), settings.requestTimeout(), timeline,
                n -> observeOnce(client, timeline.clock(), n));
    }

    /** Performs one request and records its observation; package-private for tests. */
    Observation observeOnce(HttpClient client, HarnessClock clock, long n) {
        TimePoint start = clock.now();
        boolean success;
        String detail;
        try {
            HttpRequest request = request(n);
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            int s = r.statusCode();
            switch (kind) {
                case READ -> {
                    success = s == 200 && target.equals(idOf(r.body()));
                    detail = success ? r.headers().firstValue("X-Served-From").map(v -> "served from " + v).orElse(null)
                            : s == 200 ? "HTTP 200 with another body: " + HttpCalls.abbreviate(r.body()) : status(s, r.body());
                }
                case WRITE -> {
                    success = s == 201 || s == 200;
                    // The body says why a write was refused (a 503 in read-only mode names it).
                    detail = success ? null : status(s, r.body());
                }
                case DATA -> {
                    String first = s == 200 ? firstId(r.body()) : null;
                    success = target.equals(first);
                    detail = success ? null : s == 200 ? "entry '" + target + "' (seq " + seq + ") is gone from the database"
                            + (first == null ? "" : "; the next entry is '" + first + "'") : "HTTP " + s + " " + HttpCalls.abbreviate(r.body());
                }
                default -> {
                    success = s >= 200 && s < 300;
                    detail = success ? null : "HTTP " + s + " " + HttpCalls.abbreviate(r.body());
                }
            }
        } catch (HttpTimeoutException e) {
            success = false;
            detail = "timeout after " + settings.requestTimeout();
        } catch (IOException e) {
            success = false;
            detail = MeasurementException.describe(e.getCause() != null ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            success = false;
            detail = "interrupted";
        }
        Duration latency = clock.now().since(start);
        return new Observation(path, start, latency.isNegative() ? Duration.ZERO : latency, success, detail);
    }

    private HttpRequest request(long n) {
        return switch (kind) {
            case READ -> HttpRequest.newBuilder(HttpCalls.resolve(settings.baseUri(), "/entries/" + target))
                    .timeout(settings.requestTimeout()).GET().build();
            case WRITE -> HttpCalls.postEntry(settings.baseUri(), target + n, n, settings.requestTimeout());
            case GET -> HttpRequest.newBuilder(HttpCalls.resolve(settings.baseUri(), target))
                    .timeout(settings.requestTimeout()).GET().build();
            case DATA -> HttpRequest.newBuilder(HttpCalls.resolve(settings.baseUri(), "/entries?after=" + (seq - 1) + "&limit=1"))
                    .timeout(settings.requestTimeout()).GET().build();
        };
    }

    private static String idOf(String body) {
        try {
            JsonNode n = HttpCalls.JSON.readTree(body);
            return n.path("id").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** The id of the first entry of a read-back page, or null. */
    private static String firstId(String body) {
        try {
            JsonNode root = HttpCalls.JSON.readTree(body);
            JsonNode items = root.isArray() ? root : root.path("entries");
            return items.isArray() && items.size() > 0 ? items.get(0).path("id").asText(null) : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "HttpProbe[" + path + " " + kind.name().toLowerCase() + " " + settings.baseUri() + " every "
                + settings.interval() + "]";
    }

    /**
     * A failed answer as the timeline keeps it: the status and the start of the body, which names the cause (the
     * service's {@code reason}, the database's words for a missing column), so a report says why a path failed.
     */
    private static String status(int code, String body) {
        return body == null || body.isBlank() ? "HTTP " + code : "HTTP " + code + " " + HttpCalls.abbreviate(body.strip());
    }
}
