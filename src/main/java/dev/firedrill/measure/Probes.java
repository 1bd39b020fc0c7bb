package dev.firedrill.measure;

import dev.firedrill.Probe;
import dev.firedrill.SystemUnderTest;
import java.util.function.Function;

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

    /** The write path of a service speaking the ledger contract ({@code POST /entries}), found in the system when the drill starts. */
    public static Function<SystemUnderTest, Probe> write(String service, int port) {
        return system -> http(system.endpoint(service, port).httpUri()).write();
    }

    /** The read path ({@code GET /entries/{id}} of an entry the probe writes first). */
    public static Function<SystemUnderTest, Probe> read(String service, int port) {
        return system -> {
            HttpProbes http = http(system.endpoint(service, port).httpUri());
            String id = "fd-read-probe-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            // A service that has just started may need a moment before its first write: retry, bounded.
            org.awaitility.Awaitility.await("seed the read probe's entry at " + service + ":" + port)
                    .atMost(java.time.Duration.ofSeconds(60)).pollInterval(java.time.Duration.ofMillis(250))
                    .ignoreException(MeasurementException.class)
                    .until(() -> http.seedEntry(id) != null);
            return http.read(id);
        };
    }

    /** The reference service's write path: {@code ledger:8080}. */
    public static Function<SystemUnderTest, Probe> ledgerWrite() {
        return write("ledger", 8080);
    }

    /** The reference service's read path: {@code ledger:8080}. */
    public static Function<SystemUnderTest, Probe> ledgerRead() {
        return read("ledger", 8080);
    }
}
