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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/** N consecutive healthy answers, one per interval: the exit check many runbooks end a restart with. */
record HealthChecks(String service, int port, int count, Duration interval) implements Recovery {

    HealthChecks {
        if (count < 1) {
            throw new IllegalArgumentException("healthChecks count must be at least 1, got " + count);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("healthChecks interval must be positive, got " + interval);
        }
    }

    @Override
    public String name() {
        return count + " consecutive health checks(" + service + ")";
    }

    @Override
    public String run(SystemUnderTest system) {
        URI health = system.endpoint(service, port).httpUri().resolve("/health");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        AtomicInteger streak = new AtomicInteger();
        AtomicInteger checks = new AtomicInteger();
        AtomicReference<String> last = new AtomicReference<>("(none)");
        Duration bound = interval.multipliedBy(count * 3L).plusSeconds(30);
        try {
            await(name()).atMost(bound).pollInterval(interval).pollInSameThread().until(() -> {
                checks.incrementAndGet();
                String answer = check(client, health);
                last.set(answer);
                return answer.equals("200") ? streak.incrementAndGet() >= count : streak.getAndSet(0) < 0;
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(name() + ": no " + count + " consecutive healthy answers from " + health
                    + " within " + bound + "; last answer " + last.get());
        }
        return count + " consecutive healthy answers from " + health + " (" + checks.get() + " checks)";
    }

    private static String check(HttpClient client, URI health) {
        try {
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(1)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return String.valueOf(response.statusCode());
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
