package dev.firedrill.monitoring;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few HTTP exchanges the monitoring APIs share: a JSON GET, readiness, and a lifecycle reload. */
final class Http {

    private Http() {
    }

    static URI resolve(URI base, String pathAndQuery) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + pathAndQuery);
    }

    static JsonNode getJson(HttpClient client, URI base, String pathAndQuery, Duration timeout, String what) {
        URI uri = resolve(base, pathAndQuery);
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2 && r.statusCode() != 400 && r.statusCode() != 422) {
                throw new MonitoringException(what + " answered GET " + uri + " with HTTP " + r.statusCode() + ": " + abbreviate(r.body()));
            }
            return PrometheusApi.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new MonitoringException(what + " did not answer GET " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MonitoringException("interrupted while asking " + what + " at " + uri, e);
        }
    }

    static boolean ready(HttpClient client, URI base, Duration timeout) {
        try {
            return client.send(HttpRequest.newBuilder(resolve(base, "/-/ready")).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void reload(HttpClient client, URI base, Duration timeout, String what) {
        URI uri = resolve(base, "/-/reload");
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(timeout.multipliedBy(5))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new MonitoringException(what + " refused the new configuration (POST " + uri + ": HTTP " + r.statusCode() + "): "
                        + abbreviate(r.body()) + (r.statusCode() == 403 ? " (it needs --web.enable-lifecycle)" : ""));
            }
        } catch (IOException e) {
            throw new MonitoringException(what + " did not answer POST " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MonitoringException("interrupted while reloading " + what, e);
        }
    }

    static String abbreviate(String body) {
        String b = body == null ? "" : body.strip();
        return b.length() > 300 ? b.substring(0, 300) + "..." : b;
    }
}
