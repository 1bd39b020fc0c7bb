package dev.firedrill.measure;

import java.net.URI;

/**
 * Entry class of the availability probes.
 *
 * <p>Example: {@code var http = Probes.http(URI.create("http://127.0.0.1:8080"));
 * try (var w = http.write().start(timeline); var r = http.read(http.seedEntry("probe-1")).start(timeline)) { ... }}
 */
public final class Probes {

    private Probes() {
    }

    /** HTTP probes against {@code baseUri}: every 100 ms, 2 s timeout, until changed. */
    public static HttpProbes http(URI baseUri) {
        return new HttpProbes(baseUri, HttpProbes.DEFAULT_INTERVAL, HttpProbes.DEFAULT_TIMEOUT);
    }
}
