package dev.firedrill.measure;

import dev.firedrill.JsonText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.LongConsumer;

/** The HTTP calls of the service writer and probes against the reference service (docs/reference-service.md). */
final class HttpCalls {

    static final ObjectMapper JSON = new ObjectMapper();

    private HttpCalls() {
    }

    static HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** {@code base} + {@code path}, tolerating a trailing slash on the base. */
    static URI resolve(URI base, String path) {
        String b = base.toString();
        if (b.endsWith("/")) {
            b = b.substring(0, b.length() - 1);
        }
        return URI.create(b + path);
    }

    static String entryJson(String id, String account, long amount) {
        StringBuilder sb = new StringBuilder(64).append("{\"id\":");
        JsonText.appendString(sb, id);
        sb.append(",\"account\":");
        JsonText.appendString(sb, account);
        return sb.append(",\"amount\":").append(amount).append('}').toString();
    }

    static HttpRequest postEntry(URI base, String id, long amount, Duration timeout) {
        return HttpRequest.newBuilder(resolve(base, "/entries")).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(entryJson(id, "firedrill", amount))).build();
    }

    /**
     * Classifies a write: 201/200 acknowledged, any other status a definite failure; a connection
     * that was never made failed; a timeout or a connection lost mid-request is indeterminate.
     */
    static ScheduledWriter.Result classifyWrite(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<Void> r = client.send(request, HttpResponse.BodyHandlers.discarding());
            int s = r.statusCode();
            return s == 201 || s == 200 ? ScheduledWriter.Result.ACK : ScheduledWriter.Result.failed("HTTP " + s);
        } catch (HttpConnectTimeoutException | ConnectException e) {
            return ScheduledWriter.Result.failed("not connected: " + MeasurementException.describe(e));
        } catch (HttpTimeoutException e) {
            return ScheduledWriter.Result.indeterminate("timeout after " + request.timeout().orElse(null));
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException || e.getCause() instanceof UnresolvedAddressException) {
                return ScheduledWriter.Result.failed("not connected: " + MeasurementException.describe(e.getCause()));
            }
            return ScheduledWriter.Result.indeterminate("connection lost: " + MeasurementException.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ScheduledWriter.Result.indeterminate("interrupted while waiting for the answer");
        }
    }

    /**
     * Pages through {@code GET /entries?after=<seq>&limit=<n>} (straight from the database) and
     * passes every id with {@code prefix} (parsed as the number after it) to {@code sink}; ids with the
     * prefix that are not numbers are passed as -1 (unexpected).
     */
    static void readEntries(HttpClient client, URI base, String prefix, Duration timeout, int pageSize,
            LongConsumer sink) {
        long after = 0;
        String endpoint = resolve(base, "/entries").toString();
        for (int page = 0; ; page++) {
            URI uri = resolve(base, "/entries?after=" + after + "&limit=" + pageSize);
            JsonNode items;
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new MeasurementException(endpoint, "read back entries (page " + page + ", after seq " + after
                            + ")", "HTTP " + r.statusCode() + " " + abbreviate(r.body()));
                }
                items = items(JSON.readTree(r.body()));
            } catch (IOException e) {
                throw new MeasurementException(endpoint, "read back entries (page " + page + ", after seq " + after
                        + ")", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MeasurementException(endpoint, "read back entries", "interrupted");
            }
            if (items == null) {
                throw new MeasurementException(endpoint, "read back entries",
                        "the answer is neither a JSON array nor an object with an 'entries' array");
            }
            long maxSeq = after;
            int n = 0;
            for (Iterator<JsonNode> it = items.elements(); it.hasNext(); n++) {
                JsonNode e = it.next();
                String id = e.path("id").asText(null);
                maxSeq = Math.max(maxSeq, e.path("seq").asLong(maxSeq));
                if (id != null && id.startsWith(prefix)) {
                    sink.accept(parseOrMinusOne(id.substring(prefix.length())));
                }
            }
            if (n == 0 || n < pageSize || maxSeq == after) {
                return;
            }
            after = maxSeq;
        }
    }

    private static JsonNode items(JsonNode root) {
        if (root.isArray()) {
            return root;
        }
        for (String field : new String[] {"entries", "items", "data"}) {
            if (root.path(field).isArray()) {
                return root.get(field);
            }
        }
        return null;
    }

    static long parseOrMinusOne(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
