package dev.firedrill.ledger;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The service's counters and latency histogram, rendered in the Prometheus text format
 * (version 0.0.4) by {@code GET /metrics}, with the standard {@code process_cpu_seconds_total} that
 * Prometheus's client libraries export, so that CPU alerts written for them work on this service too.
 */
final class LedgerMetrics {

    /** Upper bounds of the latency buckets, in seconds. */
    static final double[] LATENCY_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /** The statuses of {@code POST /entries} exported from startup, at zero until they happen. */
    static final int[] WRITE_STATUSES_FROM_START = {200, 201, 500, 503};

    private record RequestKey(String method, String route, int status) {
    }

    private static final class Latency {
        final LongAdder[] buckets = new LongAdder[LATENCY_BUCKETS.length];
        final LongAdder count = new LongAdder();
        final DoubleAdder sum = new DoubleAdder();

        Latency() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
                if (seconds <= LATENCY_BUCKETS[i]) {
                    buckets[i].increment();
                    break;
                }
            }
            count.increment();
            sum.add(seconds);
        }
    }

    private final Map<RequestKey, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Latency> latencies = new ConcurrentHashMap<>();
    private final LongAdder cacheHits = new LongAdder();
    private final LongAdder cacheMisses = new LongAdder();
    private final LongAdder cacheErrors = new LongAdder();
    private final LongSupplier processCpuNanos;

    /** Metrics of this process: its CPU time is the JVM's (all threads, user and system). */
    LedgerMetrics() {
        this(LedgerMetrics::jvmProcessCpuNanos);
    }

    /** @param processCpuNanos the process's CPU time so far in nanoseconds, negative when the platform cannot tell */
    LedgerMetrics(LongSupplier processCpuNanos) {
        this.processCpuNanos = processCpuNanos;
        // Zero from the start: an error-rate query such as rate(ledger_http_requests_total{status=~"5.."}[15s]) then
        // has data (0) before the first failure, instead of no series at all until one happens.
        for (int status : WRITE_STATUSES_FROM_START) {
            requests.put(new RequestKey("POST", "/entries", status), new LongAdder());
        }
    }

    private static long jvmProcessCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    void request(String method, String route, int status, long nanos) {
        requests.computeIfAbsent(new RequestKey(method, route, status), k -> new LongAdder()).increment();
        latencies.computeIfAbsent(method + " " + route, k -> new Latency()).observe(nanos / 1e9);
    }

    void cacheHit() {
        cacheHits.increment();
    }

    void cacheMiss() {
        cacheMisses.increment();
    }

    void cacheError() {
        cacheErrors.increment();
    }

    /** As {@link #render(PoolSnapshot, String, Release, MaintenanceMode, WritePartitions)} for 1.0.0, mode off. */
    String render(PoolSnapshot pool, String release) {
        return render(pool, release, Release.DEFAULT, MaintenanceMode.OFF, null);
    }

    /**
     * All metrics as Prometheus text; the pool figures are read at the moment of rendering.
     *
     * @param partitions the write partitions of a release that has them, else null
     */
    String render(PoolSnapshot pool, String release, Release version, MaintenanceMode mode, WritePartitions partitions) {
        StringBuilder out = new StringBuilder(2048);
        out.append("# HELP ledger_http_requests_total HTTP requests answered, by method, route and status.\n");
        out.append("# TYPE ledger_http_requests_total counter\n");
        Map<String, Long> sortedRequests = new TreeMap<>();
        requests.forEach((key, count) -> sortedRequests.put(
                "{method=\"" + key.method() + "\",route=\"" + escape(key.route()) + "\",status=\"" + key.status() + "\"}",
                count.sum()));
        sortedRequests.forEach((labels, count) ->
                out.append("ledger_http_requests_total").append(labels).append(' ').append(count).append('\n'));

        out.append("# HELP ledger_http_request_duration_seconds Time from request received to response sent.\n");
        out.append("# TYPE ledger_http_request_duration_seconds histogram\n");
        new TreeMap<>(latencies).forEach((methodAndRoute, latency) -> {
            int space = methodAndRoute.indexOf(' ');
            String labels = "method=\"" + methodAndRoute.substring(0, space) + "\",route=\""
                    + escape(methodAndRoute.substring(space + 1)) + "\"";
            long cumulative = 0;
            for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
                cumulative += latency.buckets[i].sum();
                out.append("ledger_http_request_duration_seconds_bucket{").append(labels)
                        .append(",le=\"").append(number(LATENCY_BUCKETS[i])).append("\"} ").append(cumulative).append('\n');
            }
            long count = latency.count.sum();
            out.append("ledger_http_request_duration_seconds_bucket{").append(labels).append(",le=\"+Inf\"} ")
                    .append(count).append('\n');
            out.append("ledger_http_request_duration_seconds_sum{").append(labels).append("} ")
                    .append(number(latency.sum.sum())).append('\n');
            out.append("ledger_http_request_duration_seconds_count{").append(labels).append("} ")
                    .append(count).append('\n');
        });

        out.append("# HELP ledger_db_pool_connections Database pool connections by state (HikariCP).\n");
        out.append("# TYPE ledger_db_pool_connections gauge\n");
        out.append("ledger_db_pool_connections{state=\"active\"} ").append(pool.active()).append('\n');
        out.append("ledger_db_pool_connections{state=\"idle\"} ").append(pool.idle()).append('\n');
        out.append("ledger_db_pool_connections{state=\"pending\"} ").append(pool.pending()).append('\n');
        out.append("ledger_db_pool_connections{state=\"total\"} ").append(pool.total()).append('\n');
        out.append("# HELP ledger_db_pool_max_connections Configured database pool size.\n");
        out.append("# TYPE ledger_db_pool_max_connections gauge\n");
        out.append("ledger_db_pool_max_connections ").append(pool.max()).append('\n');

        counter(out, "ledger_cache_hits_total", "Entry reads answered from the cache.", cacheHits.sum());
        counter(out, "ledger_cache_misses_total", "Entry reads the cache could not answer.", cacheMisses.sum());
        counter(out, "ledger_cache_errors_total", "Cache operations that failed or were skipped after a failure.",
                cacheErrors.sum());

        out.append("# HELP ledger_release_info The release this process runs.\n");
        out.append("# TYPE ledger_release_info gauge\n");
        out.append("ledger_release_info{release=\"").append(escape(release)).append("\"} 1\n");
        out.append("# HELP ledger_build_info The version this process runs (baked into its image) and its release name.\n");
        out.append("# TYPE ledger_build_info gauge\n");
        out.append("ledger_build_info{version=\"").append(version.version()).append("\",release=\"").append(escape(release))
                .append("\"} 1\n");
        out.append("# HELP ledger_maintenance_mode The maintenance mode the service is in: 1 for the current one, else 0.\n");
        out.append("# TYPE ledger_maintenance_mode gauge\n");
        for (MaintenanceMode each : MaintenanceMode.values()) {
            out.append("ledger_maintenance_mode{mode=\"").append(each.label()).append("\"} ").append(each == mode ? 1 : 0).append('\n');
        }
        if (partitions != null) {
            out.append("# HELP ledger_write_partition_entries_total New entries assigned to each write partition.\n");
            out.append("# TYPE ledger_write_partition_entries_total counter\n");
            for (int i = 0; i < partitions.size(); i++) {
                out.append("ledger_write_partition_entries_total{partition=\"").append(i).append("\"} ")
                        .append(partitions.entries(i)).append('\n');
            }
        }

        long cpuNanos = processCpuNanos.getAsLong();
        if (cpuNanos >= 0) {   // left out where the JVM cannot read it, rather than a made-up zero
            out.append("# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n");
            out.append("# TYPE process_cpu_seconds_total counter\n");
            out.append("process_cpu_seconds_total ").append(number(cpuNanos / 1e9)).append('\n');
        }
        return out.toString();
    }

    long cacheHits() {
        return cacheHits.sum();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" counter\n");
        out.append(name).append(' ').append(value).append('\n');
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return Double.toString(value);
    }

    static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
