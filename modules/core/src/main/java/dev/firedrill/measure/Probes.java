package dev.firedrill.measure;

import dev.firedrill.Observation;
import dev.firedrill.Probe;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

/**
 * Entry class of the availability probes.
 *
 * <p>Example: {@code var http = Probes.http(URI.create("http://127.0.0.1:8080"));
 * try (var w = http.write().start(timeline); var r = http.read(http.seedEntry("probe-1")).start(timeline)) { ... }}
 */
public final class Probes {

    private Probes() {
    }

    /**
     * Runs a probe of your own: {@code observe} gets the observation's number (1, 2, ...) every {@code interval} on a
     * daemon thread and returns what it saw, within {@code timeout}; each observation is recorded on the timeline (one
     * that throws is noted there instead of ending the schedule; the next starts at once when one took longer).
     * Closing waits for the observation in flight, bounded by {@code timeout}. What a {@link Probe#start} of a probe
     * kind returns.
     */
    public static Probe.Running every(String path, Duration interval, Duration timeout, Timeline timeline,
                                      java.util.function.LongFunction<Observation> observe) {
        return ScheduledProbeRun.start(path, interval, timeout, timeline, observe);
    }

    /** HTTP probes against {@code baseUri}: every 100 ms, 2 s timeout, until changed. */
    public static HttpProbes http(URI baseUri) {
        return new HttpProbes(baseUri, HttpProbes.DEFAULT_INTERVAL, HttpProbes.DEFAULT_TIMEOUT);
    }

    /** The write path of a service speaking the ledger contract ({@code POST /entries}), found in the system when the drill starts. */
    public static ServiceProbe write(String service, int port) {
        return new ServiceProbe(ServiceProbe.Kind.WRITE, service, port, "write", null, HttpProbes.DEFAULT_TIMEOUT);
    }

    /** The read path ({@code GET /entries/{id}} of an entry the probe writes first). */
    public static ServiceProbe read(String service, int port) {
        return new ServiceProbe(ServiceProbe.Kind.READ, service, port, "read", null, HttpProbes.DEFAULT_TIMEOUT);
    }

    /** {@code GET requestPath} must answer 2xx (e.g. readiness: {@code get("ready", "ledger", 8080, "/ready")}). */
    public static ServiceProbe get(String name, String service, int port, String requestPath) {
        return new ServiceProbe(ServiceProbe.Kind.GET, service, port, name, requestPath, HttpProbes.DEFAULT_TIMEOUT);
    }

    /** The cache path (path {@code cache}): a fresh entry written, then read back served from the cache ({@code X-Served-From: cache}). */
    public static ServiceProbe cacheHit(String service, int port) {
        return new ServiceProbe(ServiceProbe.Kind.CACHE_HIT, service, port, CacheHitProbe.PATH, null, HttpProbes.DEFAULT_TIMEOUT);
    }

    /** The data path of a Redis service (path {@code redis}): a key set when the drill starts, read back every 100 ms. */
    public static RedisKeyProbe redisKey(String service) {
        return new RedisKeyProbe(service, 6379);
    }

    /**
     * The write path (path {@code write}) of a Sentinel-monitored Redis: a key set every 100 ms on the node the
     * {@code sentinels} (services, port 26379) name as primary of {@code master} at that moment.
     */
    public static SentinelWriteProbe redisSentinelWrite(java.util.List<String> sentinels, String master) {
        return new SentinelWriteProbe(SentinelWriteProbe.PATH, sentinels, master);
    }

    /**
     * A query on a PostgreSQL service must complete within 2 s (path {@code name}), e.g. timing a table a lock
     * blocks: {@code sql("entries", "postgres", "SELECT count(*) FROM entries")}. Works on a stack and on an
     * external system's {@code jdbc:postgresql} service alike.
     */
    public static SqlProbe sql(String name, String service, String query) {
        return new SqlProbe(name, service, 5432, query, HttpProbes.DEFAULT_TIMEOUT);
    }

    /**
     * The data path (path {@code data}): an entry the probe writes first (amount {@value ServiceProbe#DATA_PROBE_AMOUNT})
     * must still be in the database, read straight from it through the service's read-back. A bad change that deletes
     * it, and a database that does not answer, fail it: its RTO is until the data is right again (D10).
     */
    public static ServiceProbe data(String service, int port) {
        return new ServiceProbe(ServiceProbe.Kind.DATA, service, port, "data", null, HttpProbes.DEFAULT_TIMEOUT);
    }

    /** The reference service's data path: {@code ledger:8080}. */
    public static ServiceProbe ledgerData() {
        return data("ledger", 8080);
    }

    /** The reference service's write path: {@code ledger:8080}. */
    public static ServiceProbe ledgerWrite() {
        return write("ledger", 8080);
    }

    /** The reference service's read path: {@code ledger:8080}. */
    public static ServiceProbe ledgerRead() {
        return read("ledger", 8080);
    }

    /** The depth of the reference stack's Celery queue (path queue), failing at or above {@code below}; see {@link QueueDepthProbe}. */
    public static QueueDepthProbe queueDepth(long below) {
        return new QueueDepthProbe(QueueDepthProbe.PATH, "redis", dev.firedrill.access.ServiceJobs.QUEUE, below);
    }

    /** A solve job through the reference service every {@code every}, timed enqueue to result (path job); see {@link JobLatencyProbe}. */
    public static JobLatencyProbe jobLatency(Duration every, Duration timeout) {
        return new JobLatencyProbe(JobLatencyProbe.PATH, "ledger", 8080, 50_000, every, timeout);
    }
}
