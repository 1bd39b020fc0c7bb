package dev.firedrill.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP API on the wire: status codes, exact bodies, headers and ordering of Toxiproxy 2.12.0. */
class ToxiproxyHttpApiTest {
    private ToxiproxyServer server;
    private Http http;

    @BeforeEach
    void start() {
        server = ToxiproxyServer.builder().start();
        http = new Http(server.apiUrl());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void createProxy(String name) {
        assertThat(http.post("/proxies", "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}")
                .statusCode()).isEqualTo(201);
    }

    private static void assertError(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.body()).isEqualTo("{\"error\":\"" + message + "\",\"status\":" + status + "}\n");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void versionAnswersJsonWithASpaceAndATrailingNewline() {
        HttpResponse<String> response = http.get("/version");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"version\": \"2.12.0\"}\n");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json;charset=utf-8");
        assertThat(response.headers().firstValue("X-Toxiproxy-Request-Id")).get().asString().hasSize(20);
    }

    @Test
    void createdProxyIs201WithTheBoundListenAddressAndNoToxics() {
        HttpResponse<String> response = http.post("/proxies",
                "{\"name\":\"db\",\"listen\":\"localhost:0\",\"upstream\":\"x:1\"}");
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).matches(
                "\\{\"name\":\"db\",\"listen\":\"127\\.0\\.0\\.1:\\d+\",\"upstream\":\"x:1\",\"enabled\":true,\"toxics\":\\[]}");
        assertThat(response.body()).doesNotContain("127.0.0.1:0\"");
    }

    @Test
    void omittedListenBindsEveryInterfaceOnARandomPort() {
        assertThat(http.post("/proxies", "{\"name\":\"any\",\"upstream\":\"x:1\"}").body())
                .matches(".*\"listen\":\"\\[::]:\\d+\".*");
        assertThat(http.post("/proxies", "{\"name\":\"all\",\"listen\":\":0\",\"upstream\":\"x:1\"}").body())
                .matches(".*\"listen\":\"\\[::]:\\d+\".*");
    }

    @Test
    void proxiesAreListedAsAnObjectWithSortedKeys() {
        createProxy("zeta");
        createProxy("alpha");
        createProxy("Mid");
        String body = http.get("/proxies").body();
        assertThat(body).startsWith("{\"Mid\":{\"name\":\"Mid\"");
        assertThat(body.indexOf("\"alpha\":")).isLessThan(body.indexOf("\"zeta\":"));
        assertThat(http.delete("/proxies/zeta").statusCode()).isEqualTo(204);
    }

    @Test
    void emptyListIsAnEmptyObject() {
        assertThat(http.get("/proxies").body()).isEqualTo("{}");
    }

    @Test
    void duplicateProxyIs409WithAJsonErrorInPlainText() {
        createProxy("db");
        HttpResponse<String> response = http.post("/proxies",
                "{\"name\":\"db\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\"}");
        assertError(response, 409, "proxy already exists");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void missingNameOrUpstreamIs400() {
        assertError(http.post("/proxies", "{\"upstream\":\"x:1\"}"), 400, "missing required field: name");
        assertError(http.post("/proxies", "{\"name\":\"a\"}"), 400, "missing required field: upstream");
    }

    @Test
    void emptyAndMalformedBodiesAre400WithGoDecoderMessages() {
        assertError(http.post("/proxies", ""), 400, "bad request body: EOF");
        assertError(http.post("/proxies", "{\"name\":"), 400, "bad request body: unexpected EOF");
        assertError(http.post("/proxies", "{name:1}"), 400,
                "bad request body: invalid character 'n' looking for beginning of object key string");
        assertError(http.post("/proxies", "[1]"), 400,
                "bad request body: json: cannot unmarshal array into Go value of type toxiproxy.Proxy");
    }

    @Test
    void wrongTypesAre400NamingTheGoField() {
        assertError(http.post("/proxies", "{\"name\":\"a\",\"upstream\":\"x:1\",\"enabled\":\"yes\"}"), 400,
                "bad request body: json: cannot unmarshal string into Go struct field Proxy.enabled of type bool");
        createProxy("db");
        assertError(http.post("/proxies/db/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":100.0}}"), 400,
                "bad request body: json: cannot unmarshal number 100.0 into Go struct field "
                        + "LatencyToxic.attributes.latency of type int64");
        assertError(http.post("/proxies/db/toxics", "{\"type\":\"timeout\",\"attributes\":{\"timeout\":\"5\"}}"), 400,
                "bad request body: json: cannot unmarshal string into Go struct field "
                        + "TimeoutToxic.attributes.timeout of type int64");
        assertThat(http.get("/proxies/db/toxics").body()).isEqualTo("[]");
    }

    @Test
    void keysMatchCaseInsensitivelyAndTrailingDataIsIgnored() {
        createProxy("db");
        HttpResponse<String> response = http.post("/proxies/db/toxics",
                "{\"Type\":\"timeout\",\"NAME\":\"x\",\"Attributes\":{\"TIMEOUT\":7}} trailing garbage");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(
                "{\"attributes\":{\"timeout\":7},\"name\":\"x\",\"type\":\"timeout\",\"stream\":\"downstream\",\"toxicity\":1}");
    }

    @Test
    void unknownPathsArePlainText404WithoutRequestId() {
        for (String path : new String[] {"/nothing", "/proxies/", "/", "/proxies/a/toxics/b/c"}) {
            HttpResponse<String> response = http.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).isEqualTo("404 page not found\n");
            assertThat(response.headers().firstValue("X-Toxiproxy-Request-Id")).isEmpty();
        }
    }

    @Test
    void wrongMethodIs405WithEmptyBodyAndNoContentType() {
        for (String[] call : new String[][] {{"DELETE", "/proxies"}, {"PUT", "/proxies/x/toxics/y"},
                {"POST", "/version"}, {"GET", "/reset"}}) {
            HttpResponse<String> response = http.send(call[0], call[1], null, null);
            assertThat(response.statusCode()).as(call[0] + " " + call[1]).isEqualTo(405);
            assertThat(response.body()).isEmpty();
            assertThat(response.headers().firstValue("Content-Type")).isEmpty();
        }
    }

    @Test
    void browsersAreRefusedWith403OnEveryRoute() {
        HttpResponse<String> response = http.send("GET", "/version", null, "Mozilla/5.0 (X11)");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("User agent not allowed\n");
        assertThat(http.send("GET", "/version", null, "curl/8.0").statusCode()).isEqualTo(200);
    }

    @Test
    void toxicDefaultNameUsesTheStreamAsSentAndEchoesItsCase() {
        createProxy("db");
        HttpResponse<String> response = http.post("/proxies/db/toxics",
                "{\"type\":\"latency\",\"stream\":\"UPSTREAM\",\"attributes\":{\"latency\":5}}");
        assertThat(response.body()).isEqualTo("{\"attributes\":{\"latency\":5,\"jitter\":0},\"name\":\"latency_UPSTREAM\","
                + "\"type\":\"latency\",\"stream\":\"UPSTREAM\",\"toxicity\":1}");
        assertThat(http.post("/proxies/db/toxics", "{\"type\":\"noop\"}").body())
                .isEqualTo("{\"attributes\":{},\"name\":\"noop_downstream\",\"type\":\"noop\",\"stream\":\"downstream\",\"toxicity\":1}");
    }

    @Test
    void toxicCreationChecksProxyStreamTypeAndNameInTheOfficialOrder() {
        assertError(http.post("/proxies/none/toxics", "garbage"), 404, "proxy not found");
        createProxy("db");
        assertError(http.post("/proxies/db/toxics", "{\"type\":\"nope\",\"stream\":\"sideways\"}"), 400,
                "stream was invalid, can be either upstream or downstream");
        assertError(http.post("/proxies/db/toxics", "{\"type\":\"latency\",\"stream\":\"\"}"), 400,
                "stream was invalid, can be either upstream or downstream");
        assertError(http.post("/proxies/db/toxics", "{\"type\":\"down\"}"), 400, "invalid toxic type");
        assertError(http.post("/proxies/db/toxics", "{}"), 400, "invalid toxic type");
        http.post("/proxies/db/toxics", "{\"name\":\"t\",\"type\":\"latency\",\"stream\":\"upstream\"}");
        assertError(http.post("/proxies/db/toxics", "{\"name\":\"t\",\"type\":\"timeout\",\"stream\":\"downstream\"}"),
                409, "toxic already exists");
    }

    @Test
    void toxicsAreListedUpstreamFirstThenDownstreamInInsertionOrder() {
        createProxy("db");
        http.post("/proxies/db/toxics", "{\"name\":\"d1\",\"type\":\"noop\"}");
        http.post("/proxies/db/toxics", "{\"name\":\"u1\",\"type\":\"noop\",\"stream\":\"upstream\"}");
        http.post("/proxies/db/toxics", "{\"name\":\"d2\",\"type\":\"noop\"}");
        http.post("/proxies/db/toxics", "{\"name\":\"u2\",\"type\":\"noop\",\"stream\":\"upstream\"}");
        String list = http.get("/proxies/db/toxics").body();
        assertThat(list.replaceAll(".*?\"name\":\"(\\w+)\"[^}]*}[^{]*", "$1 ").trim()).isEqualTo("u1 u2 d1 d2");
    }

    @Test
    void toxicUpdateMergesAttributesAndKeepsWhatIsNotSent() {
        createProxy("db");
        http.post("/proxies/db/toxics", "{\"name\":\"l\",\"type\":\"latency\",\"toxicity\":0.5,\"attributes\":{\"latency\":100}}");
        assertThat(http.post("/proxies/db/toxics/l", "{\"attributes\":{\"jitter\":3},\"name\":\"ignored\",\"type\":\"timeout\"}").body())
                .isEqualTo("{\"attributes\":{\"latency\":100,\"jitter\":3},\"name\":\"l\",\"type\":\"latency\","
                        + "\"stream\":\"downstream\",\"toxicity\":0.5}");
        assertThat(http.send("PATCH", "/proxies/db/toxics/l", "{\"toxicity\":2.5}", null).body())
                .contains("\"latency\":100,\"jitter\":3").endsWith("\"toxicity\":2.5}");
        assertThat(http.post("/proxies/db/toxics/l", "{}").statusCode()).isEqualTo(200);
        assertError(http.post("/proxies/db/toxics/l", ""), 400, "bad request body: EOF");
        assertError(http.post("/proxies/db/toxics/none", "{}"), 404, "toxic not found");
    }

    @Test
    void toxicityIsPrintedLikeGo() {
        createProxy("db");
        assertThat(http.post("/proxies/db/toxics", "{\"name\":\"a\",\"type\":\"noop\",\"toxicity\":0.25}").body())
                .endsWith("\"toxicity\":0.25}");
        assertThat(http.post("/proxies/db/toxics", "{\"name\":\"b\",\"type\":\"noop\",\"toxicity\":-1}").body())
                .endsWith("\"toxicity\":-1}");
        assertThat(http.post("/proxies/db/toxics", "{\"name\":\"c\",\"type\":\"noop\",\"toxicity\":1.0}").body())
                .endsWith("\"toxicity\":1}");
    }

    @Test
    void deletingAToxicIs204EmptyAndUnknownIs404() {
        createProxy("db");
        http.post("/proxies/db/toxics", "{\"name\":\"l\",\"type\":\"latency\"}");
        HttpResponse<String> deleted = http.delete("/proxies/db/toxics/l");
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertError(http.delete("/proxies/db/toxics/l"), 404, "toxic not found");
        assertError(http.delete("/proxies/nope"), 404, "proxy not found");
    }

    @Test
    void attributesThatBreakTheOfficialServerAre400AndOtherProxiesKeepServing() {
        createProxy("db");
        createProxy("other");
        assertThat(http.post("/proxies/db/toxics", "{\"type\":\"bandwidth\",\"attributes\":{\"rate\":-1}}").statusCode())
                .isEqualTo(400);
        assertThat(http.post("/proxies/db/toxics", "{\"type\":\"slicer\",\"attributes\":{\"average_size\":-1}}").body())
                .contains("slicer attribute average_size is -1; sizes are 0 or more bytes");
        assertThat(http.post("/proxies/db/toxics",
                "{\"type\":\"slicer\",\"attributes\":{\"average_size\":10,\"size_variation\":50}}").statusCode())
                .isEqualTo(400);
        assertThat(http.post("/proxies/db/toxics",
                "{\"type\":\"latency\",\"attributes\":{\"latency\":2147483649}}").statusCode()).isEqualTo(400);
        assertThat(http.post("/proxies/db/toxics",
                "{\"type\":\"latency\",\"attributes\":{\"latency\":99999999999999999999}}").statusCode()).isEqualTo(400);
        http.post("/proxies/db/toxics", "{\"name\":\"bw\",\"type\":\"bandwidth\",\"attributes\":{\"rate\":5}}");
        HttpResponse<String> update = http.post("/proxies/db/toxics/bw", "{\"attributes\":{\"rate\":-5}}");
        assertThat(update.statusCode()).isEqualTo(400);
        assertThat(update.body()).startsWith("{\"error\":\"bandwidth attribute rate is -5");
        assertThat(http.get("/proxies/db/toxics/bw").body()).contains("\"rate\":5");
        assertThat(http.get("/proxies/other").statusCode()).isEqualTo(200);
    }

    @Test
    void aSlicerWithTheDefaultZeroSizesIsAcceptedAsTheOfficialServerAcceptsIt() {
        createProxy("db");
        HttpResponse<String> created = http.post("/proxies/db/toxics", "{\"name\":\"s\",\"type\":\"slicer\"}");

        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).contains("\"average_size\":0").contains("\"size_variation\":0");
        assertThat(http.post("/proxies/db/toxics/s", "{\"attributes\":{\"average_size\":64}}").statusCode()).isEqualTo(200);
    }

    @Test
    void bodiesOverOneMebibyteAre413WithAJsonError() {
        String huge = "{\"name\":\"" + "x".repeat(1_100_000) + "\"}";
        HttpResponse<String> response = http.post("/proxies", huge);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).startsWith("{\"error\":\"request body too large").endsWith(",\"status\":413}\n");
        assertThat(http.get("/version").statusCode()).isEqualTo(200);
    }

    @Test
    void deeplyNestedJsonIs400NotACrash() {
        createProxy("db");
        String nested = "[".repeat(100_000);
        assertThat(http.post("/proxies/db/toxics", nested).statusCode()).isEqualTo(400);
        assertThat(http.get("/proxies/db").statusCode()).isEqualTo(200);
    }

    @Test
    void populateCreatesKeepsAndReplacesProxies() {
        createProxy("keep");
        String keepListen = http.get("/proxies/keep").body().replaceAll(".*\"listen\":\"([^\"]+)\".*", "$1");
        http.post("/proxies/keep/toxics", "{\"name\":\"l\",\"type\":\"latency\"}");
        HttpResponse<String> response = http.post("/populate", "[{\"name\":\"keep\",\"listen\":\"" + keepListen
                + "\",\"upstream\":\"127.0.0.1:1\"},{\"name\":\"new\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"y:2\"}]");
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).startsWith("{\"proxies\":[{\"name\":\"keep\"").contains("\"name\":\"l\"")
                .contains("\"name\":\"new\"").doesNotEndWith("\n");
        HttpResponse<String> replaced = http.post("/populate",
                "[{\"name\":\"keep\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}]");
        assertThat(replaced.body()).contains("\"toxics\":[]");
    }

    @Test
    void populateErrorsAreJsonWithAProxiesKey() {
        HttpResponse<String> invalid = http.post("/populate",
                "[{\"name\":\"a\",\"upstream\":\"x:1\"},{\"upstream\":\"x:1\"}]");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).isEqualTo(
                "{\"error\":\"missing required field: name at proxy 2\",\"status\":400,\"proxies\":null}");
        assertThat(invalid.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(http.get("/proxies").body()).isEqualTo("{}");
        assertThat(http.post("/populate", "[]").body()).isEqualTo("{\"proxies\":null}");
        assertThat(http.post("/populate", "{}").statusCode()).isEqualTo(400);
        HttpResponse<String> halfway = http.post("/populate", "[{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\"},"
                + "{\"name\":\"b\",\"listen\":\"nope\",\"upstream\":\"x:1\"}]");
        assertThat(halfway.statusCode()).isEqualTo(500);
        assertThat(halfway.body()).startsWith("{\"error\":\"listen tcp: address nope: missing port in address\","
                + "\"status\":500,\"proxies\":[{\"name\":\"a\"");
    }

    @Test
    void resetEnablesEveryProxyAndRemovesEveryToxic() {
        createProxy("db");
        http.post("/proxies/db/toxics", "{\"name\":\"l\",\"type\":\"latency\"}");
        http.post("/proxies/db", "{\"enabled\":false}");
        HttpResponse<String> reset = http.post("/reset", null);
        assertThat(reset.statusCode()).isEqualTo(204);
        assertThat(http.get("/proxies/db").body()).contains("\"enabled\":true,\"toxics\":[]");
    }

    @Test
    void disabledProxyKeepsItsListenVerbatimAndEnablingBindsIt() throws Exception {
        int free;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        HttpResponse<String> created = http.post("/proxies",
                "{\"name\":\"db\",\"listen\":\"localhost:" + free + "\",\"upstream\":\"x:1\",\"enabled\":false}");
        assertThat(created.body()).contains("\"listen\":\"localhost:" + free + "\"").contains("\"enabled\":false");
        assertThat(http.post("/proxies/db", "{\"enabled\":true}").body())
                .contains("\"listen\":\"127.0.0.1:" + free + "\"").contains("\"enabled\":true");
        new Socket("127.0.0.1", free).close();
    }

    @Test
    void listeningOnLocalhostPortZeroAgainRebindsToANewPort() {
        createProxy("db");
        String first = http.post("/proxies/db", "{\"listen\":\"localhost:0\"}").body();
        String second = http.post("/proxies/db", "{\"listen\":\"localhost:0\"}").body();
        String listen = second.replaceAll(".*\"listen\":\"([^\"]+)\".*", "$1");
        int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
        // The OS may hand the same ephemeral port back; what counts is a real port, listened on.
        assertThat(first).contains("\"listen\":\"127.0.0.1:");
        assertThat(port).isPositive();
        assertThatCode(() -> new java.net.Socket("127.0.0.1", port).close()).doesNotThrowAnyException();
        assertThat(http.post("/proxies/db", "{\"listen\":\"" + listen.replace("127.0.0.1", "localhost") + "\"}").body())
                .isEqualTo(second);
        assertError(http.post("/proxies/db", "{\"listen\":\"bad\"}"), 500, "address bad: missing port in address");
    }

    @Test
    void portInUseIs500AndTheProxyIsNotAdded() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HttpResponse<String> response = http.post("/proxies", "{\"name\":\"db\",\"listen\":\"127.0.0.1:"
                    + taken.getLocalPort() + "\",\"upstream\":\"x:1\"}");
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).contains("address already in use");
        }
        assertError(http.get("/proxies/db"), 404, "proxy not found");
    }

    @Test
    void proxyNamesMayContainColonsAndPathsArePercentDecoded() {
        createProxy("redis:6379");
        createProxy("n1");
        assertThat(http.get("/proxies/redis:6379").statusCode()).isEqualTo(200);
        assertThat(http.get("/proxies/n%31").body()).contains("\"name\":\"n1\"");
    }

    @Test
    void metricsAreOnlyRoutedWhenEnabled() {
        assertThat(http.get("/metrics").statusCode()).isEqualTo(404);
        try (ToxiproxyServer withMetrics = ToxiproxyServer.builder().proxyMetrics(true).start()) {
            Http metricsApi = new Http(withMetrics.apiUrl());
            metricsApi.post("/proxies", "{\"name\":\"db\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\"}");
            HttpResponse<String> metrics = metricsApi.get("/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(metrics.body()).contains("toxiproxy_proxy_received_bytes_total{direction=\"upstream\"")
                    .contains("proxy=\"db\"");
        }
    }

    private String rawExchange(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.apiPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void malformedHttpIsRefusedAndTheServerKeepsServing() throws Exception {
        assertThat(rawExchange("GARBAGE\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(rawExchange("GET /version HTTP/1.1\r\nno colon here\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(rawExchange("GET /proxies/%zz HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(rawExchange("BREW /version HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 405 ");
        assertThat(rawExchange("GET /version HTTP/1.1\r\nX-Big: " + "a".repeat(1_100_000) + "\r\n\r\n"))
                .startsWith("HTTP/1.1 431 ");
        assertThat(http.get("/version").statusCode()).isEqualTo(200);
    }

    @Test
    void chunkedBodiesAndExpectContinueAreUnderstood() throws Exception {
        String body = "{\"name\":\"db\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"x:1\"}";
        String response = rawExchange("POST /proxies HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(10) + "\r\n" + body.substring(0, 10) + "\r\n"
                + Integer.toHexString(body.length() - 10) + "\r\n" + body.substring(10) + "\r\n0\r\n\r\n");
        assertThat(response).startsWith("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\n");
        assertThat(response).contains("\"name\":\"db\"");
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        String response = rawExchange("GET /version HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /proxies HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(response).contains("{\"version\": \"2.12.0\"}\n").endsWith("{}");
    }
}
