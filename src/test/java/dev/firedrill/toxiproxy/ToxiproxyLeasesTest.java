package dev.firedrill.toxiproxy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Leases: what a harness that stopped renewing listed is undone by the proxy itself. */
class ToxiproxyLeasesTest {

    private ToxiproxyServer server;
    private Http http;

    @BeforeEach
    void start() {
        server = ToxiproxyServer.builder().start();
        http = new Http(server.apiUrl());
        assertThat(http.post("/proxies", "{\"name\":\"web\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}").statusCode()).isEqualTo(201);
        assertThat(http.post("/proxies/web/toxics", "{\"name\":\"slow\",\"type\":\"latency\",\"attributes\":{\"latency\":2500}}").statusCode())
                .isEqualTo(200);
        assertThat(http.post("/proxies/web/toxics", "{\"name\":\"mine\",\"type\":\"latency\"}").statusCode()).isEqualTo(200);
        assertThat(http.post("/proxies/web", "{\"enabled\":false}").statusCode()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> put(String id, long ttlMillis) {
        return http.send("PUT", "/leases/" + id, "{\"ttl_ms\":" + ttlMillis + ",\"undo\":[{\"type\":\"toxic\",\"proxy\":\"web\",\"toxic\":\"slow\"},"
                + "{\"type\":\"proxy-disabled\",\"proxy\":\"web\"}]}", null);
    }

    @Test
    void aLeaseThatIsNotRenewedIsUndoneByTheProxyItselfAndOnlyWhatItLists() {
        HttpResponse<String> put = put("run-1", 300);
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.body()).contains("\"id\":\"run-1\"", "\"ttl_ms\":300", "\"toxic\":\"slow\"");

        await("lease ran out").atMost(Duration.ofSeconds(5)).until(() -> http.get("/proxies/web").body().contains("\"enabled\":true"));
        assertThat(http.get("/proxies/web/toxics").body()).doesNotContain("\"slow\"").contains("\"mine\"");
        assertThat(http.get("/leases").body()).isEqualTo("[]");
    }

    @Test
    void aRenewedLeaseHoldsAndADeletedOneUndoesNothing() throws Exception {
        put("run-2", 400);
        for (int i = 0; i < 6; i++) {
            Thread.sleep(150);
            assertThat(put("run-2", 400).statusCode()).isEqualTo(200);
        }
        assertThat(http.get("/proxies/web").body()).contains("\"enabled\":false");
        assertThat(http.get("/leases/run-2").body()).contains("\"remaining_ms\":");

        assertThat(http.delete("/leases/run-2").statusCode()).isEqualTo(204);
        Thread.sleep(600);
        assertThat(http.get("/proxies/web").body()).contains("\"enabled\":false");
        assertThat(http.get("/proxies/web/toxics").body()).contains("\"slow\"");
        assertThat(http.delete("/leases/run-2").statusCode()).isEqualTo(404);
    }

    @Test
    void aBadLeaseIs400NamingWhatIsWrong() {
        assertThat(http.send("PUT", "/leases/x", "{\"ttl_ms\":0,\"undo\":[]}", null).body()).contains("ttl_ms must be a whole number");
        assertThat(http.send("PUT", "/leases/x", "{\"ttl_ms\":100,\"undo\":[{\"type\":\"kill\",\"proxy\":\"web\"}]}", null).body())
                .contains("undo type 'kill' is not toxic or proxy-disabled");
        assertThat(http.send("PUT", "/leases/x", "[1]", null).statusCode()).isEqualTo(400);
        assertThat(http.get("/leases").body()).isEqualTo("[]");
    }
}
