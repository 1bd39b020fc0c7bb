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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback stand-in for the reference service's entry endpoints ({@code POST /entries} keeps the entry under its
 * {@code id}, 201; {@code GET /entries/{id}} answers it, 200, or 404) whose answers can be delayed on demand, without
 * blocking a thread: the known pattern the per-phase figures are proven against.
 */
final class LedgerStub implements SystemUnderTest, AutoCloseable {

    private final HttpServer server;
    private final ScheduledExecutorService delayed = Executors.newScheduledThreadPool(2);
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    /** The body of every entry written, by its id: what a read answers. */
    private final Map<String, String> entries = new ConcurrentHashMap<>();
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
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int status;
        String body;
        if (exchange.getRequestMethod().equals("POST")) {
            Matcher id = ID.matcher(request);
            boolean named = id.find();
            status = named ? 201 : 400;
            body = named ? request : "{\"error\":\"no id\"}";
            if (named) {
                entries.put(id.group(1), request);
            }
        } else {
            String path = exchange.getRequestURI().getPath();
            String stored = path.startsWith("/entries/") ? entries.get(path.substring("/entries/".length())) : null;
            status = stored == null ? 404 : 200;
            body = stored == null ? "{\"error\":\"not found\"}" : stored;
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

    /**
     * The drill both load ITs play on this stub: 4 s answered at once, then 4 s answered {@code latency} late (the
     * disruption), then at once again (recovery started and recovered at that instant) for {@code settle} plus 4 s.
     */
    void answerLateFor(dev.firedrill.Timeline timeline, java.time.Duration latency, java.time.Duration settle) {
        pause(java.time.Duration.ofSeconds(4));
        timeline.mark(dev.firedrill.Marker.DISRUPTION, "stub answers late");
        latency(latency);
        pause(java.time.Duration.ofSeconds(4));
        latency(java.time.Duration.ZERO);
        dev.firedrill.TimePoint revert = timeline.clock().now();
        timeline.mark(dev.firedrill.Marker.RECOVERY_STARTED, "stub answers at once", revert);
        timeline.mark(dev.firedrill.Marker.RECOVERED, "stub answers at once", revert);
        pause(settle.plusSeconds(4));
    }

    private static void pause(java.time.Duration d) {
        long until = System.nanoTime() + d.toNanos();
        org.awaitility.Awaitility.await("pause " + d).atMost(d.plusSeconds(5)).pollInterval(java.time.Duration.ofMillis(20))
                .until(() -> System.nanoTime() - until >= 0);
    }
}
