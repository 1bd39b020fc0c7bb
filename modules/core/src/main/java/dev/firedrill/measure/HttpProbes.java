package dev.firedrill.measure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Settings of the HTTP probes against one base URI (immutable: every method returns a new value).
 * Default interval 100 ms (at least 20 ms), request timeout 2 s.
 *
 * <p>Example: {@code Probes.http(uri).every(Duration.ofMillis(50)).read(entryId)}.
 */
public record HttpProbes(URI baseUri, Duration interval, Duration requestTimeout) {

    /** The shortest polling interval. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(20);
    /** The default polling interval. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(100);
    /** The default request timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    /** Validates. */
    public HttpProbes {
        Objects.requireNonNull(baseUri, "HttpProbes.baseUri must not be null");
        Objects.requireNonNull(interval, "HttpProbes.interval must not be null");
        Objects.requireNonNull(requestTimeout, "HttpProbes.requestTimeout must not be null");
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("Probe interval must be at least " + MIN_INTERVAL + ", was " + interval);
        }
        if (requestTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("Probe request timeout must be at least 1 ms, was " + requestTimeout);
        }
    }

    /** These settings polling every {@code d} (at least 20 ms). */
    public HttpProbes every(Duration d) {
        return new HttpProbes(baseUri, d, requestTimeout);
    }

    /** These settings with another request timeout. */
    public HttpProbes timeout(Duration d) {
        return new HttpProbes(baseUri, interval, d);
    }

    /** Read path: {@code GET /entries/{entryId}} must answer 200 with that entry. */
    public HttpProbe read(String entryId) {
        if (entryId == null || entryId.isBlank()) {
            throw new IllegalArgumentException("Read probe needs the id of an existing entry, was '" + entryId + "'");
        }
        return new HttpProbe(this, HttpProbe.Kind.READ, "read", entryId);
    }

    /**
     * Data path: the entry {@code entryId} (seq {@code seq}) must still be in the database, read straight from it
     * ({@code GET /entries?after=seq-1&limit=1}, never the cache). It fails when a bad change deleted the entry and
     * while the database does not answer, so its RTO is the time until the data is right again (D10).
     */
    public HttpProbe data(String entryId, long seq) {
        if (entryId == null || entryId.isBlank() || seq < 1) {
            throw new IllegalArgumentException("Data probe needs the id and seq (>= 1) of an existing entry, was '" + entryId
                    + "' seq " + seq);
        }
        return new HttpProbe(this, HttpProbe.Kind.DATA, "data", entryId, seq);
    }

    /** Write path: {@code POST /entries} of a fresh entry (ids {@code fdp-<random>-<n>}) must answer 201. */
    public HttpProbe write() {
        return new HttpProbe(this, HttpProbe.Kind.WRITE, "write",
                "fdp-" + UUID.randomUUID().toString().substring(0, 8) + "-");
    }

    /** Any path: {@code GET requestPath} must answer 2xx; observations recorded under {@code name}. */
    public HttpProbe get(String name, String requestPath) {
        if (requestPath == null || !requestPath.startsWith("/")) {
            throw new IllegalArgumentException("Probe '" + name + "': request path must start with '/', was '"
                    + requestPath + "'");
        }
        return new HttpProbe(this, HttpProbe.Kind.GET, name, requestPath);
    }

    /**
     * Creates entry {@code entryId} (for a read probe) with one bounded POST; 201 or 200 is fine.
     *
     * @throws MeasurementException naming the endpoint when the service does not accept it
     */
    public String seedEntry(String entryId) {
        seed(entryId, 1);
        return entryId;
    }

    /**
     * Creates entry {@code entryId} with {@code amount} with one bounded POST and returns its {@code seq}.
     *
     * @throws MeasurementException naming the endpoint when the service does not accept it or names no seq
     */
    public long seedEntryWithSeq(String entryId, long amount) {
        String body = seed(entryId, amount);
        try {
            long seq = HttpCalls.JSON.readTree(body).path("seq").asLong(0);
            if (seq < 1) {
                throw new MeasurementException(HttpCalls.resolve(baseUri, "/entries").toString(), "seed entry '" + entryId + "'",
                        "the answer names no seq: " + HttpCalls.abbreviate(body));
            }
            return seq;
        } catch (java.io.IOException e) {
            throw new MeasurementException(HttpCalls.resolve(baseUri, "/entries").toString(), "seed entry '" + entryId + "'", e);
        }
    }

    private String seed(String entryId, long amount) {
        HttpClient client = HttpCalls.client(requestTimeout);
        String endpoint = HttpCalls.resolve(baseUri, "/entries").toString();
        try {
            HttpResponse<String> r = client.send(HttpCalls.postEntry(baseUri, entryId, amount, requestTimeout),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201 && r.statusCode() != 200) {
                throw new MeasurementException(endpoint, "seed entry '" + entryId + "' for the read probe",
                        "HTTP " + r.statusCode() + " " + HttpCalls.abbreviate(r.body()));
            }
            return r.body();
        } catch (java.io.IOException e) {
            throw new MeasurementException(endpoint, "seed entry '" + entryId + "' for the read probe", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeasurementException(endpoint, "seed entry '" + entryId + "'", "interrupted");
        }
    }
}
