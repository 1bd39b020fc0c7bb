package dev.firedrill.measure;

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
import java.time.Duration;
import java.util.UUID;

/**
 * The cache path of the reference service: writes a fresh entry (which the service caches), then reads
 * it; a success is an answer served from the cache ({@code X-Served-From: cache}). Every 200 ms.
 */
final class CacheHitProbe implements Probe {

    static final String PATH = "cache";
    private static final Duration INTERVAL = Duration.ofMillis(200);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final URI base;
    private final String prefix = "fdc-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    CacheHitProbe(URI base) {
        this.base = base;
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public Running start(Timeline timeline) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        return ScheduledProbeRun.start(PATH, INTERVAL, TIMEOUT, timeline, n -> observe(client, timeline.clock(), n));
    }

    private Observation observe(HttpClient client, HarnessClock clock, long n) {
        TimePoint start = clock.now();
        boolean success = false;
        String detail;
        String id = prefix + n;
        try {
            HttpResponse<String> written = client.send(HttpRequest.newBuilder(base.resolve("/entries")).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\",\"account\":\"cache-probe\",\"amount\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (written.statusCode() != 201 && written.statusCode() != 200) {
                detail = "write HTTP " + written.statusCode();
            } else {
                HttpResponse<String> read = client.send(HttpRequest.newBuilder(base.resolve("/entries/" + id)).timeout(TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                String from = read.headers().firstValue("X-Served-From").orElse("?");
                success = read.statusCode() == 200 && from.equals("cache");
                detail = "read HTTP " + read.statusCode() + " served from " + from;
            }
        } catch (IOException e) {
            detail = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            detail = "interrupted";
        }
        Duration latency = clock.now().since(start);
        return new Observation(PATH, start, latency.isNegative() ? Duration.ZERO : latency, success, detail);
    }
}
