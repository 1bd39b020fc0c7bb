package dev.firedrill.stack;

import dev.firedrill.Endpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole reference stack from the Compose file: proxy, PostgreSQL, Redis and the service behind the proxy. */
@Timeout(180)
class ReferenceStackSmokeIT {

    @Test
    void serviceAnswersThroughTheProxyAndComesBackAfterAKill() throws Exception {
        try (Stack stack = Stack.start(StackDefinition.load(ProjectFiles.referenceCompose()))) {
            Endpoint ledger = stack.endpoint("ledger", 8080);
            assertThat(ledger).isEqualTo(stack.directEndpoint("proxy", 8080));
            assertThat(get(ledger, "/health")).isEqualTo(200);
            // Healthy means the process answers; ready also needs its first database connection.
            org.awaitility.Awaitility.await("ledger ready").atMost(java.time.Duration.ofSeconds(30))
                    .ignoreExceptions().until(() -> get(ledger, "/ready") == 200);

            stack.processes().kill("ledger");
            stack.processes().start("ledger");

            assertThat(stack.endpoint("ledger", 8080)).as("the proxy's port does not move").isEqualTo(ledger);
            assertThat(get(ledger, "/health")).isEqualTo(200);
        }
    }

    private static int get(Endpoint endpoint, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        return client.send(HttpRequest.newBuilder(endpoint.httpUri().resolve(path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
