package dev.firedrill.access;

import dev.firedrill.SystemUnderTest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which release of the reference service answers, read from {@code GET /version} (docs/reference-service.md). */
public final class Releases {

    private static final Pattern RELEASE = Pattern.compile("\"release\"\\s*:\\s*\"([^\"]*)\"");

    private Releases() {
    }

    /** The release a service declares ({@code LEDGER_RELEASE}), or an error naming the service. */
    public static String declared(SystemUnderTest stack, String service) {
        String release = stack.environment(service).get("LEDGER_RELEASE");
        if (release == null || release.isBlank()) {
            throw new IllegalArgumentException("Service '" + service + "' declares no LEDGER_RELEASE; a release switch needs it to verify which release answers");
        }
        return release;
    }

    /** Polls {@code GET /version} through the proxy until it names {@code expected} or {@code bound} passes; returns the last release seen. */
    public static String awaitServed(SystemUnderTest stack, String service, int port, String expected, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        String seen = "(no answer)";
        while (true) {
            try {
                // A new client, so a new connection, each time: an old one may still lead to the previous upstream.
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
                URI uri = stack.endpoint(service, port).httpUri().resolve("/version");
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2))
                        .build(), HttpResponse.BodyHandlers.ofString());
                Matcher m = RELEASE.matcher(r.body());
                seen = r.statusCode() == 200 && m.find() ? m.group(1) : "HTTP " + r.statusCode();
            } catch (java.io.IOException e) {
                seen = "(no answer: " + e.getMessage() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return seen;
            }
            if (expected.equals(seen) || System.nanoTime() > deadline) {
                return seen;
            }
            org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> true);
        }
    }
}
