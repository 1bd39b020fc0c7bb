package dev.firedrill.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The ledger's HTTP routes (docs/reference-service.md): entries, health, readiness, metrics, version and the
 * maintenance switch and the leak on purpose ({@link MemoryLeak}), with request counting and latency measured around every exchange. What differs between
 * releases comes from {@link Release}; the maintenance mode ({@link MaintenanceMode}) is checked before anything else.
 */
final class LedgerApi {

    private static final System.Logger LOG = System.getLogger("dev.firedrill.ledger.http");
    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final String ADMIN_MAINTENANCE = "/admin/maintenance";
    /** The slow report: a reporting query that holds a pooled connection, active, for as long as asked (drill D05b). */
    static final String SLOW_REPORT = "/reports/slow";
    static final long MAX_REPORT_SECONDS = 3600;
    /** The leak on purpose: native memory grown at a set rate until the kernel's OOM killer ends the process (drill D23). */
    static final String ADMIN_LEAK = "/admin/leak";
    /** Jobs handed to the solver worker: POST enqueues one, GET {@code /jobs/{id}} reads its result ({@link Jobs}). */
    static final String JOBS = "/jobs";
    static final String JOB = "/jobs/{id}";
    /**
     * Routes still served in maintenance mode: liveness, metrics, the switch itself, and the version, which the harness's
     * release switch and rollback read to know which release answers.
     */
    static final Set<String> SERVED_IN_MAINTENANCE = Set.of("/health", "/metrics", "/version", ADMIN_MAINTENANCE);
    /** Seconds a client is told to wait ({@code Retry-After}) while writes or everything are refused for maintenance. */
    static final int RETRY_AFTER_SECONDS = 30;
    static final String MAINTENANCE_PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Ledger: down for maintenance</title></head>
            <body>
            <h1>Down for maintenance</h1>
            <p>The ledger is being worked on and will be back shortly. Nothing you sent was stored; please try again later.</p>
            </body>
            </html>
            """;

    /** An answer: status, JSON object or text, extra headers. */
    record Response(int status, Object body, Map<String, String> headers) {

        static Response json(int status, Object body) {
            return new Response(status, body, Map.of());
        }

        static Response error(int status, String message) {
            return json(status, Map.of("error", message));
        }

        Response withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Response(status, body, more);
        }
    }

    private final EntryStore store;
    private final EntryCache cache;
    private final Receipts receipts;
    private final Jobs jobs;
    private final LedgerMetrics metrics;
    private final FailRate failRate;
    private final String release;
    private final Release version;
    /** Release 2.0.0's, else null. */
    private final WritePartitions partitions;
    private final MaintenanceSwitch maintenance;
    private final Duration readinessBudget;
    private final ExecutorService readinessChecks;
    private final ObjectMapper json;
    private final MemoryLeak leak = new MemoryLeak();
    private volatile boolean draining;

    LedgerApi(EntryStore store, EntryCache cache, Receipts receipts, Jobs jobs, LedgerMetrics metrics, FailRate failRate, String release, Release version,
              MaintenanceSwitch maintenance, Duration readinessBudget, ExecutorService readinessChecks, ObjectMapper json) {
        this.store = store;
        this.cache = cache;
        this.receipts = receipts;
        this.jobs = jobs;
        this.metrics = metrics;
        this.failRate = failRate;
        this.release = release;
        this.version = version;
        this.partitions = version.writePartitions() > 0 ? new WritePartitions(version.writePartitions()) : null;
        this.maintenance = maintenance;
        this.readinessBudget = readinessBudget;
        this.readinessChecks = readinessChecks;
        this.json = json;
    }

    /** The maintenance mode now, and where the mode at start came from. */
    String maintenance() {
        return maintenance.mode().label() + " (at start from " + maintenance.origin() + ")";
    }

    void draining() {
        draining = true;
    }

    /** Answers one exchange and records it in the metrics. */
    void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        String route = routeOf(path);
        Response response;
        try {
            response = answer(exchange, method, path);
        } catch (InvalidRequestException e) {
            response = Response.error(e.status(), e.getMessage());
        } catch (DatabaseUnavailableException e) {
            response = Response.json(503, Map.of("error", e.getMessage(), "reason", e.reason()));
        } catch (Jobs.QueueUnavailableException e) {
            response = Response.json(503, Map.of("error", e.getMessage(), "reason", e.reason()));
        } catch (SchemaMismatchException e) {
            LOG.log(System.Logger.Level.ERROR, method + " " + path + " failed: " + e.getMessage());
            response = Response.json(500, Map.of("error", e.getMessage(), "version", e.release().version()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, method + " " + path + " failed", e);
            response = Response.error(500, "internal error: " + e);
        }
        try {
            send(exchange, response);
        } finally {
            metrics.request(method, route, response.status(), System.nanoTime() - started);
        }
    }

    /** The route template a path belongs to; bounded, so metrics labels stay few. */
    static String routeOf(String path) {
        return switch (path) {
            case "/entries", "/health", "/ready", "/metrics", "/version", ADMIN_MAINTENANCE, ADMIN_LEAK, SLOW_REPORT, JOBS -> path;
            default -> path.startsWith("/entries/") && path.indexOf('/', "/entries/".length()) < 0 ? "/entries/{id}"
                    : path.startsWith(JOBS + "/") && path.length() > JOBS.length() + 1 && path.indexOf('/', JOBS.length() + 1) < 0
                    ? JOB : "other";
        };
    }

    private Response answer(HttpExchange exchange, String method, String path) throws IOException {
        String route = routeOf(path);
        MaintenanceMode current = maintenance.mode();
        if (current == MaintenanceMode.MAINTENANCE && !SERVED_IN_MAINTENANCE.contains(route)) {
            return new Response(503, MAINTENANCE_PAGE, Map.of("Content-Type", "text/html; charset=utf-8",
                    "Retry-After", Integer.toString(RETRY_AFTER_SECONDS)));
        }
        if (route.equals("other")) {
            return Response.error(404, "no route for " + method + " " + path
                    + "; routes: POST /entries, GET /entries?after=&limit=, GET /entries/{id}, GET /health, "
                    + "GET /ready, GET /metrics, GET /version, GET and POST " + ADMIN_MAINTENANCE + ", GET and POST " + ADMIN_LEAK
                    + "?mib-per-second=, GET " + SLOW_REPORT + "?seconds=, POST " + JOBS + ", GET " + JOB);
        }
        boolean postable = route.equals("/entries") || route.equals(ADMIN_MAINTENANCE) || route.equals(ADMIN_LEAK) || route.equals(JOBS);
        boolean gettable = !route.equals(JOBS);
        String allowed = postable ? (gettable ? "GET, POST" : "POST") : "GET";
        if (!(method.equals("GET") && gettable || method.equals("POST") && postable)) {
            return Response.error(405, method + " is not allowed on " + route + "; allowed: " + allowed)
                    .withHeader("Allow", allowed);
        }
        if (route.equals("/entries") && method.equals("POST") && current.refusesWrites()) {
            // Before the body is read and before the database or the cache: a refused write is never half applied.
            Map<String, Object> refusal = new LinkedHashMap<>();
            refusal.put("error", "the service is in read-only mode (maintenance mode '" + current.label()
                    + "'): writes are refused and nothing was written; reads are served");
            refusal.put("mode", current.label());
            return Response.json(503, refusal).withHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
        }
        if (FailRate.applies(path) && failRate.nextFails()) {
            return Response.error(500, "injected failure: release '" + release + "' answers a share of "
                    + failRate.rate() + " of /entries requests with 500 (LEDGER_FAIL_RATE)");
        }
        return switch (route) {
            case "/health" -> health();
            case "/ready" -> ready();
            case "/metrics" -> new Response(200, metrics.render(store.pool(), release, version, maintenance.mode(), partitions),
                    Map.of("Content-Type", "text/plain; version=0.0.4; charset=utf-8"));
            case "/version" -> version();
            case ADMIN_MAINTENANCE -> method.equals("POST") ? switchMode(exchange) : Response.json(200, Map.of("mode", maintenance.mode().label()));
            case "/entries" -> method.equals("POST") ? write(exchange) : list(exchange);
            case ADMIN_LEAK -> method.equals("POST") ? startLeak(exchange) : leakState(null);
            case SLOW_REPORT -> slowReport(exchange);
            case JOBS -> enqueue(exchange);
            case JOB -> job(URLDecoder.decode(path.substring(JOBS.length() + 1), StandardCharsets.UTF_8));
            default -> read(URLDecoder.decode(path.substring("/entries/".length()), StandardCharsets.UTF_8));
        };
    }

    private Response write(HttpExchange exchange) throws IOException {
        byte[] body = body(exchange);
        if (body.length > MAX_BODY_BYTES) {
            return Response.error(413, "body is larger than " + MAX_BODY_BYTES + " bytes; an entry is a small JSON object");
        }
        EntryRequest request = EntryRequest.parse(body, json, version.currency());
        if (partitions != null) {
            partitions.assign(request.amount());
        }
        Written written = store.insert(request);
        cache.put(written.entry());
        Entry entry = written.entry();
        if (written.created()) {
            receipts.write(entry);
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("id", entry.id());
            answer.put("seq", entry.seq());
            answer.put("node", written.node());
            return Response.json(201, answer);
        }
        Map<String, Object> original = entry.toJson(version);
        original.put("node", written.node());
        return Response.json(200, original);
    }

    private Response read(String id) {
        EntryRequest.checkId(id);
        // An entry cached by another release without a field this one answers with is read from the database again.
        Optional<Entry> cached = cache.get(id).filter(entry -> entry.complete(version));
        if (cached.isPresent()) {
            return Response.json(200, cached.get().toJson(version)).withHeader("X-Served-From", "cache");
        }
        Optional<Entry> stored = store.find(id);
        if (stored.isEmpty()) {
            return Response.error(404, "entry '" + id + "' not found");
        }
        cache.put(stored.get());
        return Response.json(200, stored.get().toJson(version)).withHeader("X-Served-From", "database");
    }

    private Response list(HttpExchange exchange) {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        long after = number(query, "after", 0, 0, Long.MAX_VALUE, "a whole number from 0 (default 0): entries with a greater seq are listed");
        int limit = (int) number(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT,
                "a whole number from 1 to " + MAX_LIMIT + " (default " + DEFAULT_LIMIT + ")");
        List<Entry> entries = store.after(after, limit);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("entries", entries.stream().map(e -> e.toJson(version)).toList());
        answer.put("next_after", entries.isEmpty() ? after : entries.get(entries.size() - 1).seq());
        return Response.json(200, answer);
    }

    private Response slowReport(HttpExchange exchange) {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        long seconds = number(query, "seconds", 1, 1, MAX_REPORT_SECONDS,
                "a whole number of seconds from 1 to " + MAX_REPORT_SECONDS + " (default 1): how long the report's query runs at least");
        long[] report = store.slowReport(java.time.Duration.ofSeconds(seconds));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("entries", report[0]);
        answer.put("total", report[1]);
        answer.put("seconds", seconds);
        return Response.json(200, answer);
    }

    /** {@code POST /admin/leak?mib-per-second=N}: leaks N MiB of native memory a second from now on (0 stops). */
    private Response startLeak(HttpExchange exchange) {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (!query.containsKey("mib-per-second")) {
            throw new InvalidRequestException("mib-per-second is missing: POST " + ADMIN_LEAK + "?mib-per-second=N with N a whole number"
                    + " from 0 (stop) to " + MemoryLeak.MAX_MIB_PER_SECOND);
        }
        int rate = (int) number(query, "mib-per-second", 0, 0, MemoryLeak.MAX_MIB_PER_SECOND,
                "a whole number from 0 (stop) to " + MemoryLeak.MAX_MIB_PER_SECOND + ": MiB of native memory leaked each second");
        int before = leak.leak(rate);
        LOG.log(System.Logger.Level.WARNING, "memory leak on purpose: " + before + " -> " + rate + " MiB/s (" + ADMIN_LEAK + ")");
        return leakState(before);
    }

    /** The leak's rate and what it took so far (and, after a change, the rate before). */
    private Response leakState(Integer before) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("mib_per_second", leak.rate());
        if (before != null) {
            answer.put("previous", before);
        }
        answer.put("leaked_bytes", leak.leakedBytes());
        return Response.json(200, answer);
    }

    /** {@code POST /jobs} with an optional {@code {"size": n}}: records and queues a solve job, answers 202 and its id. */
    private Response enqueue(HttpExchange exchange) throws IOException {
        byte[] body = body(exchange);
        if (body.length > MAX_BODY_BYTES) {
            return Response.error(413, "body is larger than " + MAX_BODY_BYTES + " bytes; a job is {\"size\": n} or nothing");
        }
        Object size = null;
        if (body.length > 0) {
            JsonNode requested;
            try {
                requested = json.readTree(body);
            } catch (JsonProcessingException e) {
                throw new InvalidRequestException("body is not valid JSON: expected nothing or {\"size\": n}");
            }
            if (requested != null && !requested.isObject()) {
                throw new InvalidRequestException("body is not a JSON object: expected nothing or {\"size\": n}");
            }
            JsonNode field = requested == null ? null : requested.get("size");
            size = field == null || field.isNull() ? null : field.isNumber() ? field.numberValue() : field.asText();
        }
        String id = jobs.enqueue(Jobs.size(size));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("state", "pending");
        answer.put("result", JOBS + "/" + id);
        return Response.json(202, answer).withHeader("Location", JOBS + "/" + id);
    }

    /** {@code GET /jobs/{id}}: the job's state, executions and result, read from the results store. */
    private Response job(String id) {
        return jobs.result(id).map(answer -> Response.json(200, answer))
                .orElseGet(() -> Response.error(404, "job '" + id + "' not found"));
    }

    private Response ready() {
        CompletableFuture<DependencyStatus> cacheCheck = CompletableFuture.supplyAsync(cache::check, readinessChecks);
        DependencyStatus database = store.check(readinessBudget);
        DependencyStatus cacheStatus;
        try {
            cacheStatus = cacheCheck.get(readinessBudget.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            cacheStatus = DependencyStatus.down(OutageReason.TIMEOUT);
        } catch (java.util.concurrent.ExecutionException e) {
            cacheStatus = DependencyStatus.down(OutageReason.of(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cacheStatus = DependencyStatus.down("interrupted");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("database", database.reason());
        answer.put("cache", cacheStatus.reason());
        if (draining) {
            answer.put("service", "draining");
        }
        boolean ready = database.isOk() && cacheStatus.isOk() && !draining;
        return Response.json(ready ? 200 : 503, answer);
    }

    /**
     * Liveness: 200 as long as the process runs, in every maintenance mode (the container healthcheck reads it, and a
     * service in maintenance is not to be restarted); it names the version and the mode.
     */
    private Response health() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "up");
        answer.put("version", version.version());
        answer.put("mode", maintenance.mode().label());
        return Response.json(200, answer);
    }

    /** {@code POST /admin/maintenance} with {@code {"mode": "readonly"}}: switches the mode, answers the new one. */
    private Response switchMode(HttpExchange exchange) throws IOException {
        byte[] body = body(exchange);
        String valid = "a JSON object like {\"mode\": \"readonly\"} with a mode from " + MaintenanceMode.labels();
        if (body.length > MAX_BODY_BYTES) {
            throw new InvalidRequestException(413, "body is larger than " + MAX_BODY_BYTES + " bytes: expected " + valid);
        }
        JsonNode requested;
        try {
            requested = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("body is not valid JSON: expected " + valid);
        }
        JsonNode field = requested == null ? null : requested.get("mode");
        if (field == null || !field.isTextual()) {
            throw new InvalidRequestException("field 'mode' is missing or not a string: expected " + valid);
        }
        MaintenanceMode next;
        try {
            next = MaintenanceMode.of(field.textValue(), "mode");
        } catch (LedgerConfigException e) {
            throw new InvalidRequestException("field " + e.getMessage());
        }
        MaintenanceMode previous;
        try {
            previous = maintenance.set(next);
        } catch (IOException e) {
            throw new IllegalStateException("could not keep maintenance mode '" + next.label() + "' (LEDGER_MAINTENANCE_FILE): " + e, e);
        }
        LOG.log(System.Logger.Level.INFO, "maintenance mode " + previous.label() + " -> " + next.label() + " (" + ADMIN_MAINTENANCE + ")");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("mode", next.label());
        answer.put("previous", previous.label());
        return Response.json(200, answer);
    }

    private static byte[] body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readNBytes(MAX_BODY_BYTES + 1);
        }
    }

    private Response version() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("release", release);
        answer.put("version", version.version());
        answer.put("node", store.node().orElse(null));
        return Response.json(200, answer);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            values.put(name, value);
        }
        return values;
    }

    private static long number(Map<String, String> query, String name, long fallback, long min, long max, String valid) {
        String value = query.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidRequestException("query parameter '" + name + "'='" + value + "' is not valid: expected " + valid);
    }

    private void send(HttpExchange exchange, Response response) throws IOException {
        byte[] bytes;
        String contentType;
        if (response.body() instanceof String text) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
            contentType = "text/plain; charset=utf-8";
        } else {
            try {
                bytes = json.writeValueAsBytes(response.body());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("response is not serialisable", e);
            }
            contentType = "application/json";
        }
        exchange.getResponseHeaders().set("Content-Type", contentType);
        response.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
