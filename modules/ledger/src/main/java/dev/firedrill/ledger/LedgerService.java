package dev.firedrill.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * The reference service under test: an HTTP/JSON ledger over PostgreSQL and Redis (docs/reference-service.md).
 *
 * <p>In a container: {@code java -cp '/app/*' dev.firedrill.ledger.LedgerService} with the
 * {@code LEDGER_*} environment. In a test: {@code try (var ledger = LedgerService.start(config)) {
 * ... ledger.httpPort() ... }}; closing drains in-flight requests like SIGTERM does.
 *
 * <p>Answers, in detail:
 * <ul>
 *   <li>{@code POST /entries}: 201 {@code {"id","seq","node"}}; 200 for a known id with the original
 *       entry {@code {"id","seq","account","amount","created_at","node"}}; 400/413 naming the bad field;
 *       503 {@code {"error","reason"}}.</li>
 *   <li>{@code GET /entries/{id}}: 200 {@code {"id","seq","account","amount","created_at"}} with
 *       {@code X-Served-From: cache} or {@code database}; 404; 503 when neither can answer.</li>
 *   <li>{@code GET /entries?after=0&limit=100} (limit 1 to 1000): {@code {"entries": [...], "next_after": seq}}.</li>
 *   <li>{@code GET /ready}: {@code "cache": "disabled"} counts as ready when no {@code LEDGER_REDIS_URL} is set.</li>
 *   <li>{@code LEDGER_FAIL_RATE} fails {@code /entries} requests (reads and writes) before they touch
 *       anything; health, readiness, metrics and version never fail on purpose.</li>
 *   <li>{@code LEDGER_VERSION} picks the release ({@link Release}: which columns it uses, and 2.0.0's defect);
 *       {@code LEDGER_MAINTENANCE_MODE} and {@code POST /admin/maintenance} the {@link MaintenanceMode}.</li>
 * </ul>
 */
public final class LedgerService implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("dev.firedrill.ledger");
    /** How often the TLS keystore file is compared with the one being served. */
    static final Duration KEYSTORE_POLL = Duration.ofMillis(500);
    static final int WORKER_THREADS = 64;
    static final int QUEUED_REQUESTS = 512;
    /**
     * Idle keep-alive connections the JDK server keeps (its default, 200, closes every connection that goes idle
     * beyond it; a client reusing one gets a premature close, as Gatling's open-model load does after a burst).
     */
    static final int MAX_IDLE_CONNECTIONS = 1000;

    private final LedgerConfig config;
    private final EntryStore store;
    private final EntryCache cache;
    private final Jobs jobs;
    private final LedgerApi api;
    private final ThreadPoolExecutor workers;
    private final ExecutorService readinessChecks;
    private final ScheduledExecutorService keystoreWatch;
    private final HttpServer http;
    private final HttpsServer https;
    private final AtomicInteger httpInFlight = new AtomicInteger();
    private final AtomicInteger httpsInFlight = new AtomicInteger();
    private final ReloadingSslContext tls;
    private boolean closed;

    private LedgerService(LedgerConfig config, RandomGenerator failures) throws IOException {
        // The JDK server leaves Nagle's algorithm on unless this is set before its classes load; with
        // keep-alive clients every small response then waits for a delayed ACK (about 40 ms).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", Integer.toString(MAX_IDLE_CONNECTIONS));
        }
        this.config = config;
        ObjectMapper json = new ObjectMapper();
        LedgerMetrics metrics = new LedgerMetrics();
        this.tls = config.tlsKeystore() == null ? null : ReloadingSslContext.load(config.tlsKeystore(), config.tlsPassword());
        // Ports first: a port in use fails the start before any pool or thread exists.
        this.http = HttpServer.create(new InetSocketAddress(config.httpPort()), 128);
        HttpsServer secure = null;
        try {
            if (tls != null) {
                secure = HttpsServer.create(new InetSocketAddress(config.httpsPort()), 128);
                secure.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()));
            }
        } catch (IOException e) {
            http.stop(0);
            throw e;
        }
        this.https = secure;
        this.store = new EntryStore(config);
        this.cache = EntryCache.connect(config.redisUrl(), config.cacheTtl(), config.dbTimeout(), json, metrics);
        this.readinessChecks = Executors.newCachedThreadPool(daemon("ledger-readiness"));
        this.jobs = Jobs.connect(store, config.redisUrl(), config.dbTimeout(), json);
        this.api = new LedgerApi(store, cache, Receipts.in(config.receiptsDir(), json), jobs, metrics, new FailRate(config.failRate(), failures), config.release(),
                config.version(), MaintenanceSwitch.start(config.maintenanceMode(), config.maintenanceFile()), readinessBudget(config.dbTimeout()), readinessChecks, json);
        this.workers = new ThreadPoolExecutor(WORKER_THREADS, WORKER_THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED_REQUESTS), daemon("ledger-http"), new ThreadPoolExecutor.AbortPolicy());
        workers.allowCoreThreadTimeOut(true);

        http.createContext("/", exchange -> counted(httpInFlight, exchange));
        http.setExecutor(workers);
        if (https != null) {
            https.createContext("/", exchange -> counted(httpsInFlight, exchange));
            https.setExecutor(workers);
            this.keystoreWatch = Executors.newSingleThreadScheduledExecutor(daemon("ledger-keystore-watch"));
            keystoreWatch.scheduleWithFixedDelay(tls::reloadIfChanged, KEYSTORE_POLL.toMillis(), KEYSTORE_POLL.toMillis(),
                    TimeUnit.MILLISECONDS);
        } else {
            this.keystoreWatch = null;
        }
        http.start();
        if (https != null) {
            https.start();
        }
    }

    /** Starts the service; it answers at once, even while the database is still unreachable. */
    public static LedgerService start(LedgerConfig config) {
        return start(config, new SecureRandom());
    }

    /** Starts the service with the given source of fail-rate decisions (tests pass a seeded one). */
    static LedgerService start(LedgerConfig config, RandomGenerator failures) {
        try {
            return new LedgerService(config, failures);
        } catch (IOException e) {
            throw new UncheckedIOException("ledger could not listen on HTTP port " + config.httpPort()
                    + (config.tlsKeystore() == null ? "" : " or HTTPS port " + config.httpsPort()) + ": " + e.getMessage(), e);
        }
    }

    /** Reads the {@code LEDGER_*} environment, starts, and drains on SIGTERM. */
    public static void main(String[] args) {
        // Before anything can load the JDK server's classes: it reads this once, and without it Nagle's
        // algorithm stays on and keep-alive clients wait for delayed ACKs (about 40 ms per response).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.setProperty("sun.net.httpserver.maxIdleConnections", Integer.toString(MAX_IDLE_CONNECTIONS));
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
        }
        long started = System.nanoTime();
        LedgerConfig config;
        LedgerService service;
        try {
            config = LedgerConfig.fromEnvironment(System.getenv());
            service = start(config);
        } catch (LedgerConfigException e) {
            System.err.println("ledger: cannot start: " + e.getMessage());
            System.exit(2);
            return;
        } catch (UncheckedIOException e) {
            System.err.println("ledger: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Straight to stderr: java.util.logging shuts down in its own hook, at the same time as this one.
            long stopping = System.nanoTime();
            System.err.println("ledger: SIGTERM, draining " + service.inFlight() + " in-flight request(s) for up to "
                    + config.drainTimeout().toSeconds() + " s");
            service.close();
            System.err.println("ledger: stopped after " + (System.nanoTime() - stopping) / 1_000_000 + " ms");
        }, "ledger-shutdown"));
        LOG.log(System.Logger.Level.INFO, "ledger " + config.version() + " (release '" + config.release() + "', maintenance mode "
                + service.api.maintenance() + ") listening on HTTP " + service.httpPort()
                + (service.httpsPort() < 0 ? "" : " and HTTPS " + service.httpsPort()) + " after "
                + (System.nanoTime() - started) / 1_000_000 + " ms; " + config);
    }

    /** The port HTTP is served on. */
    public int httpPort() {
        return http.getAddress().getPort();
    }

    /** The port HTTPS is served on, or -1 without a keystore. */
    public int httpsPort() {
        return https == null ? -1 : https.getAddress().getPort();
    }

    /** Requests being answered right now. */
    public int inFlight() {
        return httpInFlight.get() + httpsInFlight.get();
    }

    /**
     * Stops accepting connections, lets in-flight requests finish (up to the drain timeout), then
     * closes the pool and the cache; idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        int inFlight = inFlight();
        LOG.log(System.Logger.Level.INFO, "shutting down: draining " + inFlight + " in-flight request(s), waiting up to "
                + config.drainTimeout().toSeconds() + " s");
        api.draining();
        List<Thread> stopping = new ArrayList<>();
        stopping.add(stopper(http, httpInFlight));
        if (https != null) {
            stopping.add(stopper(https, httpsInFlight));
            keystoreWatch.shutdownNow();
        }
        stopping.forEach(Thread::start);
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        workers.shutdown();
        try {
            workers.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        readinessChecks.shutdownNow();
        cache.close();
        jobs.close();
        store.close();
        LOG.log(System.Logger.Level.INFO, "stopped after " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    /**
     * HttpServer.stop(delay) closes the listener, then waits for exchanges to end; with none in flight
     * the JDK 17 server still sleeps the whole delay, so an idle server is stopped at once.
     */
    private Thread stopper(HttpServer server, AtomicInteger inFlight) {
        int drainSeconds = (int) Math.max(1, (config.drainTimeout().toMillis() + 999) / 1000);
        return new Thread(() -> server.stop(inFlight.get() == 0 ? 0 : drainSeconds), "ledger-stop-" + server.getAddress().getPort());
    }

    private void counted(AtomicInteger inFlight, HttpExchange exchange) throws IOException {
        inFlight.incrementAndGet();
        try {
            api.handle(exchange);
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * How long {@code /ready} waits for its checks: half the database timeout. A check that runs into an
     * outage can take the whole database timeout (the pool waits that long for a connection), and a
     * client probing readiness with that same timeout must still get the answer, with the reason seen
     * by the last connection attempt (e.g. "too many clients"), not a timeout of its own.
     */
    static Duration readinessBudget(Duration databaseTimeout) {
        return databaseTimeout.dividedBy(2);
    }
}
