package dev.firedrill.recovery;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/** Wait until the instance itself (its own port, bypassing proxy and load balancer) answers {@code GET /ready} with 200. */
record Ready(String service, Duration bound) implements Recovery {

    @Override
    public String name() {
        return "ready(" + service + ")";
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
        if (system.ports(service).isEmpty()) {
            throw new IllegalArgumentException(name() + ": service '" + service + "' publishes no port to ask GET /ready on");
        }
    }

    @Override
    public String run(SystemUnderTest system) {
        validate(system);
        int port = system.ports(service).get(0);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        AtomicReference<String> last = new AtomicReference<>("(none)");
        long started = System.nanoTime();
        try {
            await(name()).atMost(bound).pollInterval(Duration.ofMillis(200)).pollInSameThread().until(() -> {
                URI ready = system.directEndpoint(service, port).httpUri().resolve("/ready");
                try {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    last.set(r.statusCode() + " " + r.body());
                    return r.statusCode() == 200;
                } catch (IOException | RuntimeException e) {
                    last.set(e.toString());
                    return false;
                }
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name() + ": '" + service + "' not ready within " + bound + "; last answer " + last.get());
        }
        return "'" + service + "' ready after " + (System.nanoTime() - started) / 1_000_000 + " ms: " + last.get();
    }
}
