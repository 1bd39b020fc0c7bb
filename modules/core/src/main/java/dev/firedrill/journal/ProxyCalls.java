package dev.firedrill.journal;

import dev.firedrill.JsonText;
import dev.firedrill.Leftover;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** The few calls of a Toxiproxy-compatible API the journal makes, with the JDK's HTTP client. */
final class ProxyCalls {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private ProxyCalls() {
    }

    /**
     * Undoes a {@link Leftover#TOXIC} or {@link Leftover#PROXY_DISABLED}; returns what was done ("removed", "already gone",
     * "gone with its proxy" when nothing listens at the API any more); an {@link IOException} when the proxy answered but
     * could not undo it, or did not answer in time.
     */
    static String undo(Leftover leftover) throws IOException {
        String proxy = path(leftover.fields().get("proxy"));
        HttpResponse<String> r;
        try {
            r = switch (leftover.type()) {
                case Leftover.TOXIC -> send("DELETE", leftover.api() + "/proxies/" + proxy + "/toxics/" + path(leftover.fields().get("toxic")), null);
                case Leftover.PROXY_DISABLED -> send("POST", leftover.api() + "/proxies/" + proxy, "{\"enabled\":true}");
                default -> throw new IllegalArgumentException(leftover.type() + " is not undone through a proxy's API");
            };
        } catch (java.net.ConnectException refused) {
            // Nothing listens there any more: the proxy process is gone (a container stack's goes with its stack), and a
            // Toxiproxy keeps its toxics and proxies in memory only, so they went with it.
            return "gone with its proxy (nothing answers at " + leftover.api() + " any more)";
        }
        if (r.statusCode() == 404) {
            return "already gone";
        }
        if (r.statusCode() / 100 != 2) {
            throw new IOException(leftover.describe() + ": the proxy answered " + r.statusCode() + " " + r.body().trim());
        }
        return leftover.type().equals(Leftover.TOXIC) ? "removed" : "enabled again";
    }

    /** Puts lease {@code id}; false when the proxy has no leases (the official server: 404). */
    static boolean putLease(String api, String id, Duration ttl, List<Leftover> undo) throws IOException {
        StringBuilder body = new StringBuilder("{\"ttl_ms\":").append(ttl.toMillis()).append(",\"undo\":[");
        for (int i = 0; i < undo.size(); i++) {
            Leftover l = undo.get(i);
            body.append(i == 0 ? "{\"type\":" : ",{\"type\":");
            JsonText.appendString(body, l.type());
            body.append(",\"proxy\":");
            JsonText.appendString(body, l.fields().get("proxy"));
            if (l.type().equals(Leftover.TOXIC)) {
                body.append(",\"toxic\":");
                JsonText.appendString(body, l.fields().get("toxic"));
            }
            body.append('}');
        }
        HttpResponse<String> r = send("PUT", api + "/leases/" + path(id), body.append("]}").toString());
        if (r.statusCode() == 404) {
            return false;
        }
        if (r.statusCode() != 200) {
            throw new IOException("lease " + id + " at " + api + ": the proxy answered " + r.statusCode() + " " + r.body().trim());
        }
        return true;
    }

    /** Ends lease {@code id} (its faults were undone by the harness); a missing lease is fine. */
    static void dropLease(String api, String id) throws IOException {
        send("DELETE", api + "/leases/" + path(id), null);
    }

    private static HttpResponse<String> send(String method, String url, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted calling " + url, e);
        }
    }

    private static String path(String segment) {
        return java.net.URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
