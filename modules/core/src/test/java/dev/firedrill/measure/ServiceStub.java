package dev.firedrill.measure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the reference service behind the narrow HTTP seam (docs/reference-service.md): entries in
 * memory, idempotent POST, paged read-back; switchable to answer 503 or to hang until released.
 */
final class ServiceStub implements AutoCloseable {

    enum Mode { UP, DOWN, HANG }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final Map<String, Long> seqById = new java.util.concurrent.ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, String> idBySeq = new ConcurrentSkipListMap<>();
    private final AtomicLong seq = new AtomicLong();
    private volatile Mode mode = Mode.UP;
    private volatile CountDownLatch release = new CountDownLatch(1);

    ServiceStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void mode(Mode m) {
        if (m == Mode.HANG) {
            release = new CountDownLatch(1);
        }
        if (mode == Mode.HANG && m != Mode.HANG) {
            release.countDown();
        }
        mode = m;
    }

    int entries() {
        return idBySeq.size();
    }

    /** Deletes an entry behind the service's back (a bad change in the database). */
    void delete(String id) {
        Long s = seqById.remove(id);
        if (s != null) {
            idBySeq.remove(s);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Mode m = mode;
            if (m == Mode.DOWN) {
                send(ex, 503, "{\"error\":\"database unreachable\"}");
                return;
            }
            if (m == Mode.HANG) {
                try {
                    release.await(10, TimeUnit.SECONDS); // hung until released; commits afterwards
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            if (method.equals("POST") && path.equals("/entries")) {
                JsonNode body = JSON.readTree(ex.getRequestBody());
                String id = body.path("id").asText();
                Long existing = seqById.putIfAbsent(id, seq.get() + 1);
                if (existing == null) {
                    long s = seq.incrementAndGet();
                    seqById.put(id, s);
                    idBySeq.put(s, id);
                    send(ex, 201, entry(id, s));
                } else {
                    send(ex, 200, entry(id, existing));
                }
            } else if (method.equals("GET") && path.equals("/entries")) {
                Map<String, String> q = query(ex.getRequestURI().getRawQuery());
                long after = Long.parseLong(q.getOrDefault("after", "0"));
                int limit = Integer.parseInt(q.getOrDefault("limit", "100"));
                StringBuilder sb = new StringBuilder("[");
                idBySeq.tailMap(after, false).entrySet().stream().limit(limit).forEach(e -> {
                    if (sb.length() > 1) {
                        sb.append(',');
                    }
                    sb.append(entry(e.getValue(), e.getKey()));
                });
                send(ex, 200, sb.append(']').toString());
            } else if (method.equals("GET") && path.startsWith("/entries/")) {
                String id = path.substring("/entries/".length());
                Long s = seqById.get(id);
                send(ex, s == null ? 404 : 200, s == null ? "{\"error\":\"not found\"}" : entry(id, s));
            } else if (method.equals("GET") && path.equals("/ready")) {
                send(ex, 200, "{\"database\":\"ok\",\"cache\":\"ok\"}");
            } else {
                send(ex, 404, "{\"error\":\"no route\"}");
            }
        }
    }

    private static String entry(String id, long seq) {
        return "{\"id\":\"" + id + "\",\"seq\":" + seq + ",\"node\":\"stub\"}";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new java.util.HashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int i = kv.indexOf('=');
                if (i > 0) {
                    out.put(kv.substring(0, i), kv.substring(i + 1));
                }
            }
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
