package dev.firedrill.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.firedrill.Endpoint;
import dev.firedrill.SystemUnderTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loopback stand-in for the reference service's entry endpoints ({@code POST /entries},
 * {@code GET /entries/{id}}) whose answers can be delayed on demand, without blocking a thread:
 * the known pattern the per-phase figures are proven against.
 */
final class LedgerStub implements SystemUnderTest, AutoCloseable {

    private final HttpServer server;
    private final ScheduledExecutorService delayed = Executors.newScheduledThreadPool(2);
    private final Map<String, Long> entries = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicReference<Duration> latency = new AtomicReference<>(Duration.ZERO);
    final AtomicLong requests = new AtomicLong();

    LedgerStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/entries", this::handle);
        server.start();
    }

    /** From now on every answer is delayed by {@code d} (zero: answer at once). */
    void latency(Duration d) {
        latency.set(d);
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        exchange.getRequestBody().readAllBytes();
        int status;
        String body;
        if (exchange.getRequestMethod().equals("POST")) {
            long s = seq.incrementAndGet();
            status = 201;
            body = "{\"seq\":" + s + "}";
            // the id is the only thing reads need; the stub trusts the client's JSON shape
            String id = "load-" + s;
            entries.put(id, s);
        } else {
            status = 200;
            body = "{}";
        }
        Duration d = latency.get();
        if (d.isZero()) {
            answer(exchange, status, body);
        } else {
            delayed.schedule(() -> answer(exchange, status, body), d.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) {
        try {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // the client gave up; nothing to answer
        } finally {
            exchange.close();
        }
    }

    @Override
    public Set<String> services() {
        return Set.of("ledger");
    }

    @Override
    public Endpoint endpoint(String service, int port) {
        return new Endpoint("127.0.0.1", server.getAddress().getPort());
    }

    @Override
    public Map<String, String> environment(String service) {
        return Map.of();
    }

    @Override
    public void close() {
        server.stop(0);
        delayed.shutdownNow();
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
