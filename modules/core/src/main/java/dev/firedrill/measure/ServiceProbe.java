package dev.firedrill.measure;

import dev.firedrill.Probe;
import dev.firedrill.ProbePath;
import dev.firedrill.SystemUnderTest;

import java.time.Duration;
import java.util.function.Function;

/**
 * A probe of a named service, as a value (so two drills that probe the same way are equal): bound to
 * the system's endpoint when the drill starts. Built by {@link Probes}.
 *
 * <p>Example: {@code Probes.write("ledger", 8080).timeout(Duration.ofSeconds(5))}
 */
public record ServiceProbe(Kind kind, String service, int port, String name, String requestPath, Duration timeout)
        implements Function<SystemUnderTest, Probe>, ProbePath {

    /** What the probe does. */
    public enum Kind { WRITE, READ, GET, CACHE_HIT, DATA }

    /** The amount of the data probe's entry: even, so a bad migration deleting {@code amount % 2 = 0} takes it too. */
    public static final long DATA_PROBE_AMOUNT = 2;

    /** The same probe with another request timeout. */
    public ServiceProbe timeout(Duration d) {
        return new ServiceProbe(kind, service, port, name, requestPath, d);
    }

    /** The path it records under: write, read, data, cache, or a GET probe's name. */
    @Override
    public String path() {
        return switch (kind) {
            case WRITE -> "write";
            case READ -> "read";
            case GET -> name;
            case CACHE_HIT -> "cache";
            case DATA -> "data";
        };
    }

    @Override
    public Probe apply(SystemUnderTest system) {
        HttpProbes http = Probes.http(system.endpoint(service, port).httpUri()).timeout(timeout);
        return switch (kind) {
            case WRITE -> http.write();
            case GET -> http.get(name, requestPath);
            case CACHE_HIT -> new CacheHitProbe(system.endpoint(service, port).httpUri());
            case READ -> {
                String id = "fd-read-probe-" + java.util.UUID.randomUUID().toString().substring(0, 8);
                // A service that has just started may need a moment before its first write: retry, bounded.
                org.awaitility.Awaitility.await("seed the read probe's entry at " + service + ":" + port)
                        .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .ignoreException(MeasurementException.class)
                        .until(() -> http.seedEntry(id) != null);
                yield http.read(id);
            }
            case DATA -> {
                String id = "fd-data-probe-" + java.util.UUID.randomUUID().toString().substring(0, 8);
                long[] seq = new long[1];
                org.awaitility.Awaitility.await("seed the data probe's entry at " + service + ":" + port)
                        .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .ignoreException(MeasurementException.class)
                        .until(() -> (seq[0] = http.seedEntryWithSeq(id, DATA_PROBE_AMOUNT)) > 0);
                yield http.data(id, seq[0]);
            }
        };
    }

    @Override
    public String toString() {
        return name + "(" + service + ":" + port + (requestPath == null ? "" : " " + requestPath) + ")";
    }
}
