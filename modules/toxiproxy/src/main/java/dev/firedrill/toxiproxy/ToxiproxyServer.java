package dev.firedrill.toxiproxy;

import dev.firedrill.toxiproxy.internal.ApiRoutes;
import dev.firedrill.toxiproxy.internal.ApiServer;
import dev.firedrill.toxiproxy.internal.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.time.Instant;

/**
 * A Toxiproxy-compatible fault proxy server (Toxiproxy 2.12.0 API and toxics), for drills where the
 * official image cannot be pulled and for plain unit tests that want faults in front of a service.
 *
 * <pre>{@code
 * try (ToxiproxyServer server = ToxiproxyServer.builder().start()) {
 *     ToxiproxyClient client = new ToxiproxyClient("127.0.0.1", server.apiPort());
 *     Proxy redis = client.createProxy("redis", "127.0.0.1:0", "127.0.0.1:6379");
 *     redis.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 800);
 * }
 * }</pre>
 *
 * <p>From the command line it takes the official server's flags: {@code -host}, {@code -port},
 * {@code -config}, {@code -seed}, {@code -version}, {@code -proxy-metrics}, {@code -runtime-metrics}.
 */
public final class ToxiproxyServer implements AutoCloseable {

    private final Builder settings;
    private ApiRoutes routes;
    private ApiServer api;
    private java.util.concurrent.ScheduledExecutorService leaseReaper;

    private ToxiproxyServer(Builder settings) {
        this.settings = settings;
    }

    /** A builder for an in-JVM server; by default on 127.0.0.1 with an ephemeral API port. */
    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a server; {@link #start()} builds and starts it. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Path config;
        private boolean proxyMetrics;
        private boolean runtimeMetrics;

        private Builder() {
        }

        /** The address the HTTP API listens on (default 127.0.0.1; 0.0.0.0 for every interface). */
        public Builder host(String apiHost) {
            this.host = apiHost;
            return this;
        }

        /** The HTTP API port (default 0: an ephemeral port, see {@link ToxiproxyServer#apiPort()}). */
        public Builder port(int apiPort) {
            if (apiPort < 0 || apiPort > 65535) {
                throw new IllegalArgumentException("API port " + apiPort + " is not a TCP port (0-65535)");
            }
            this.port = apiPort;
            return this;
        }

        /** A JSON file in /populate format whose proxies are created at start-up. */
        public Builder config(Path populateFile) {
            this.config = populateFile;
            return this;
        }

        /** Serves /metrics with the per-proxy byte counters. */
        public Builder proxyMetrics(boolean enabled) {
            this.proxyMetrics = enabled;
            return this;
        }

        /** Serves /metrics with JVM runtime figures. */
        public Builder runtimeMetrics(boolean enabled) {
            this.runtimeMetrics = enabled;
            return this;
        }

        /** A server with these settings, not started yet. */
        public ToxiproxyServer build() {
            Builder copy = new Builder();
            copy.host = host;
            copy.port = port;
            copy.config = config;
            copy.proxyMetrics = proxyMetrics;
            copy.runtimeMetrics = runtimeMetrics;
            return new ToxiproxyServer(copy);
        }

        /** Builds and starts the server. */
        public ToxiproxyServer start() {
            return build().start();
        }
    }

    /**
     * Binds the API and applies the config file, if any. A config file that cannot be read or applied
     * is reported on stderr and otherwise ignored, as the official server does.
     *
     * @throws UncheckedIOException when the API address cannot be bound
     */
    public synchronized ToxiproxyServer start() {
        if (api != null) {
            return this;
        }
        routes = new ApiRoutes(settings.proxyMetrics, settings.runtimeMetrics);
        if (settings.config != null) {
            applyConfig(settings.config);
        }
        try {
            InetAddress host = settings.host.isEmpty() || settings.host.equals("0.0.0.0")
                    ? null : InetAddress.getByName(settings.host);
            InetSocketAddress address = host == null
                    ? new InetSocketAddress(settings.port) : new InetSocketAddress(host, settings.port);
            api = new ApiServer(routes, address);
            leaseReaper = startLeaseReaper(routes);
        } catch (IOException e) {
            routes.stopAll();
            throw new UncheckedIOException("Toxiproxy API could not listen on " + settings.host + ":"
                    + settings.port + " (" + e.getMessage() + "); choose another -host/-port", e);
        }
        return this;
    }

    private void applyConfig(Path file) {
        try {
            String error = routes.populateFromConfig(Files.readString(file, StandardCharsets.UTF_8));
            if (error != null) {
                log("error", "Failed to populate proxies from file", "config", file + ": " + error.trim());
            }
        } catch (IOException e) {
            log("error", "Error reading config file", "config", file + ": " + e.getMessage());
        }
    }

    /** The port the HTTP API listens on. */
    public int apiPort() {
        return running().address().getPort();
    }

    /** The base URL of the HTTP API, e.g. {@code http://127.0.0.1:8474}. */
    public String apiUrl() {
        InetSocketAddress address = running().address();
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private synchronized ApiServer running() {
        if (api == null) {
            throw new IllegalStateException("Toxiproxy server is not running; call start() first");
        }
        return api;
    }

    /** Stops the API, every proxy listener and every proxied connection. */
    @Override
    public synchronized void close() {
        if (api != null) {
            leaseReaper.shutdownNow();
            api.close();
            routes.stopAll();
            api = null;
        }
    }

    /** Every 100 ms: undoes what the leases that ran out list (their harness died), logging each change. */
    private static java.util.concurrent.ScheduledExecutorService startLeaseReaper(ApiRoutes routes) {
        java.util.concurrent.ScheduledExecutorService reaper = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "toxiproxy-leases");
            t.setDaemon(true);
            return t;
        });
        reaper.scheduleWithFixedDelay(() -> {
            try {
                for (String change : routes.expireLeases()) {
                    log("warn", change, "leases", "expired");
                }
            } catch (RuntimeException e) {
                log("error", "lease expiry failed: " + e, "leases", "expired");
            }
        }, 100, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
        return reaper;
    }

    /** Runs the server from the command line with the official server's flags (Go flag syntax). */
    public static void main(String[] args) {
        // Upstream names are looked up for every new connection; a restarted container may have moved.
        Security.setProperty("networkaddress.cache.ttl", "0");
        Security.setProperty("networkaddress.cache.negative.ttl", "0");
        CommandLine line = CommandLine.parse(args, System.getProperty("firedrill.toxiproxy.defaultHost", "localhost"));
        if (line.exitCode() != null) {
            (line.exitCode() == 0 ? System.out : System.err).print(line.output());
            System.exit(line.exitCode());
            return;
        }
        Builder builder = builder().host(line.host()).proxyMetrics(line.proxyMetrics())
                .runtimeMetrics(line.runtimeMetrics());
        try {
            builder.port(Integer.parseInt(line.port()));
        } catch (IllegalArgumentException e) {
            System.err.println("invalid -port " + line.port() + ": must be a TCP port number (0-65535)");
            System.exit(1);
            return;
        }
        if (line.config() != null) {
            builder.config(Path.of(line.config()));
        }
        ToxiproxyServer server;
        try {
            server = builder.start();
        } catch (UncheckedIOException e) {
            log("fatal", e.getMessage(), "version", ApiRoutes.VERSION);
            System.exit(1);
            return;
        }
        log("info", "Starting Toxiproxy HTTP server", "address", line.host() + ":" + server.apiPort());
        Runnable stop = () -> {
            log("info", "Shutdown started", "version", ApiRoutes.VERSION);
            server.close();
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "toxiproxy-shutdown"));
        exitZeroOnSignals();
        awaitShutdown();
    }

    /** Keeps the process alive: every server thread is a daemon so that embedded use never blocks JVM exit. */
    private static void awaitShutdown() {
        try {
            new java.util.concurrent.CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGINT and SIGTERM end the server with status 0, like the official one (shutdown hooks still run). */
    private static void exitZeroOnSignals() {
        try {
            for (String name : new String[] {"INT", "TERM"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> System.exit(0));
            }
        } catch (RuntimeException | LinkageError unavailable) {
            // The default handling (exit through the shutdown hook) is fine where signals cannot be set.
        }
    }

    private static final java.util.List<String> LEVELS =
            java.util.List.of("trace", "debug", "info", "warn", "error", "fatal", "panic");

    /** One JSON log line on stdout, like the official server's; LOG_LEVEL sets the threshold (default info). */
    private static void log(String level, String message, String key, String value) {
        String threshold = System.getenv().getOrDefault("LOG_LEVEL", "info").toLowerCase(java.util.Locale.ROOT);
        if (LEVELS.indexOf(level) < Math.max(0, LEVELS.indexOf(threshold))) {
            return;
        }
        StringBuilder line = new StringBuilder("{\"level\":\"").append(level).append("\",");
        line.append('"').append(key).append("\":");
        dev.firedrill.toxiproxy.internal.Json.quote(line, value);
        line.append(",\"time\":\"").append(Instant.now()).append("\",\"message\":");
        dev.firedrill.toxiproxy.internal.Json.quote(line, message);
        System.out.println(line.append('}'));
    }
}
