package dev.firedrill.load;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Statistics;
import dev.firedrill.Endpoint;
import dev.firedrill.HarnessClock;
import dev.firedrill.Observation;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.Workload;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import org.testcontainers.DockerClientFactory;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Benchmark (not a test): sustained throughput of the reference service under the drills' own load, the
 * Gatling {@link LedgerSimulation} at a fixed offered rate, in this JVM, through the fault proxy
 * ({@code ledger:8080} as in a drill) against a fresh reference stack. After a warm-up (sent, not counted)
 * it counts the requests started during the measured window and prints: offered and achieved rate (answered
 * OK per second), errors by kind, p50/p95/p99/max latency (failures included, as a client sees them), and
 * where the CPU went (cores used by each container and by this JVM, which holds Gatling), so a bottleneck
 * shows. The machine's load average before and after says how shared the machine was.
 *
 * <p>{@code ./drill bench load [rate] [seconds] [writeShare] [--direct]}, default 300 requests/s, 60 s,
 * 0.5 writes; {@code --direct} sends the load to the service's own port, bypassing the {@code ledger} proxy
 * (the database and cache stay behind theirs).
 */
public final class LoadBenchmark {

    private static final Duration WARM_UP = Duration.ofSeconds(15);

    private LoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> plain = new ArrayList<>();
        boolean direct = false;
        for (String arg : args) {
            if (arg.equals("--direct")) {
                direct = true;
            } else {
                plain.add(arg);
            }
        }
        double rate = plain.size() > 0 ? Double.parseDouble(plain.get(0)) : 300;
        Duration window = Duration.ofSeconds(plain.size() > 1 ? Long.parseLong(plain.get(1)) : 60);
        double writeShare = plain.size() > 2 ? Double.parseDouble(plain.get(2)) : 0.5;
        LoadSettings settings = LoadSettings.defaults().rate(rate).writeShare(writeShare)
                .warmUp(WARM_UP).baseline(Duration.ZERO).maxDuration(window.plus(WARM_UP).plusMinutes(5));
        System.out.printf("offered %.0f requests/s, %.0f %% writes, %d s measured after a %d s warm-up, %s%n", rate,
                writeShare * 100, window.toSeconds(), WARM_UP.toSeconds(),
                direct ? "straight to the service's port (no ledger proxy)" : "through the ledger proxy, as in a drill");
        System.out.println("load average before: " + loadAverage());
        try (Stack stack = Stack.start(StackDefinition.load(ProjectFiles.referenceCompose()))) {
            SystemUnderTest target = direct ? bypassingLedgerProxy(stack) : stack;
            Timeline timeline = new Timeline(HarnessClock.system());
            Workload.Running running = Loads.ledger(settings).start(target, timeline);
            try {
                Map<String, Double> metricsBefore = serviceMetrics(stack);
                Map<String, long[]> cpuBefore = containerCpuNanos(stack);
                int hostPort = target.endpoint("ledger", 8080).port();
                long mappingBefore = portMappingCpuTicks(hostPort);
                long jvmBefore = processCpuNanos();
                long begin = System.nanoTime();
                TimeUnit.NANOSECONDS.sleep(window.toNanos());
                long end = System.nanoTime();
                Map<String, long[]> cpuAfter = containerCpuNanos(stack);
                long jvmAfter = processCpuNanos();
                long mappingAfter = portMappingCpuTicks(hostPort);
                String connections = connectionsToService(stack);
                Map<String, Double> metricsAfter = serviceMetrics(stack);
                running.stop();
                Path kept = Path.of("target", "load-bench", Long.toString(System.currentTimeMillis()));
                running.export(kept);
                report(timeline.observations(settings.path()), begin, end, rate);
                double seconds = (end - begin) / 1e9;
                StringBuilder cpu = new StringBuilder("CPU, cores used during the window:");
                cpuAfter.forEach((service, after) -> {
                    long[] before = cpuBefore.get(service);
                    if (before != null && after[1] > before[1]) {   // CPU nanos over the time between the two samples
                        cpu.append(String.format(" %s %.2f,", service, (after[0] - before[0]) / (double) (after[1] - before[1])));
                    }
                });
                if (mappingBefore >= 0 && mappingAfter >= 0) {
                    cpu.append(String.format(" the engine's port mapping to %d (docker-proxy) %.2f,", hostPort,
                            (mappingAfter - mappingBefore) / 100.0 / seconds));
                }
                cpu.append(String.format(" this JVM (Gatling) %.2f; machine has %d", (jvmAfter - jvmBefore) / 1e9 / seconds,
                        Runtime.getRuntime().availableProcessors()));
                System.out.println(cpu);
                System.out.println("the service's own view (from answer ready to answer sent, queueing before its workers excluded): "
                        + serverSide(metricsBefore, metricsAfter));
                System.out.println("TCP connections to the service's port 8080 at the end of the window: " + connections);
                System.out.println("Gatling's report: " + kept.resolve("gatling/gatling-report.html").toAbsolutePath());
            } finally {
                running.close();
            }
        }
        System.out.println("load average after: " + loadAverage());
    }

    /** Requests started in [begin, end): achieved rate, errors by kind, latency percentiles. */
    static void report(List<Observation> all, long beginNanos, long endNanos, double offered) {
        List<Observation> window = all.stream()
                .filter(o -> o.start().monotonicNanos() >= beginNanos && o.start().monotonicNanos() < endNanos).toList();
        double seconds = (endNanos - beginNanos) / 1e9;
        long ok = window.stream().filter(Observation::success).count();
        Map<String, Long> errors = window.stream().filter(o -> !o.success())
                .collect(Collectors.groupingBy(Observation::detail, TreeMap::new, Collectors.counting()));
        List<Duration> latencies = window.stream().map(Observation::latency).sorted().toList();
        System.out.printf("sent %d (%.1f/s of %.0f offered), answered OK %d: achieved %.1f requests/s; errors %d %s%n",
                window.size(), window.size() / seconds, offered, ok, ok / seconds, window.size() - ok, errors);
        System.out.printf("latency p50 %d ms, p95 %d ms, p99 %d ms, max %d ms%n", ms(percentile(latencies, 50)),
                ms(percentile(latencies, 95)), ms(percentile(latencies, 99)), ms(percentile(latencies, 100)));
    }

    private static long ms(Duration d) {
        return d == null ? -1 : d.toMillis();
    }

    /** Nearest rank, like the drills' phase statistics. */
    static Duration percentile(List<Duration> sorted, double p) {
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
    }

    /** The service's counters and histogram, read straight from its port (not through the proxy). */
    private static Map<String, Double> serviceMetrics(Stack stack) {
        Map<String, Double> values = new TreeMap<>();
        try {
            var client = java.net.http.HttpClient.newHttpClient();
            var response = client.send(java.net.http.HttpRequest.newBuilder(stack.directEndpoint("ledger", 8080).httpUri()
                    .resolve("/metrics")).timeout(Duration.ofSeconds(10)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            for (String line : response.body().split("\n")) {
                int space = line.lastIndexOf(' ');
                if (!line.startsWith("#") && space > 0) {
                    values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
                }
            }
        } catch (Exception e) {
            System.out.println("(no metrics from the service: " + e + ")");
        }
        return values;
    }

    /** Per route: requests the service answered in the window, by status, mean time and the bucket holding p95. */
    static String serverSide(Map<String, Double> before, Map<String, Double> after) {
        StringBuilder out = new StringBuilder();
        for (String route : List.of("method=\"POST\",route=\"/entries\"", "method=\"GET\",route=\"/entries/{id}\"")) {
            String count = "ledger_http_request_duration_seconds_count{" + route + "}";
            String sum = "ledger_http_request_duration_seconds_sum{" + route + "}";
            double n = after.getOrDefault(count, 0.0) - before.getOrDefault(count, 0.0);
            double total = after.getOrDefault(sum, 0.0) - before.getOrDefault(sum, 0.0);
            String p95 = "?";
            for (String bound : List.of("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf")) {
                String key = "ledger_http_request_duration_seconds_bucket{" + route + ",le=\"" + bound + "\"}";
                double inBucket = after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
                if (n > 0 && inBucket >= 0.95 * n && p95.equals("?")) {
                    p95 = bound + " s";
                }
            }
            Map<String, Long> statuses = new TreeMap<>();
            after.forEach((key, value) -> {
                if (key.startsWith("ledger_http_requests_total{" + route + ",status=")) {
                    statuses.put(key.substring(key.indexOf("status=") + 8, key.length() - 2),
                            Math.round(value - before.getOrDefault(key, 0.0)));
                }
            });
            out.append(String.format("%s: %.0f answered %s, mean %.1f ms, p95 <= %s; ", route.replace("\"", ""), n, statuses,
                    n == 0 ? 0 : total / n * 1000, p95));
        }
        out.append(String.format("pool active %.0f, pending %.0f; cache hits %.0f, misses %.0f",
                after.getOrDefault("ledger_db_pool_connections{state=\"active\"}", -1.0),
                after.getOrDefault("ledger_db_pool_connections{state=\"pending\"}", -1.0),
                after.getOrDefault("ledger_cache_hits_total", 0.0) - before.getOrDefault("ledger_cache_hits_total", 0.0),
                after.getOrDefault("ledger_cache_misses_total", 0.0) - before.getOrDefault("ledger_cache_misses_total", 0.0)));
        return out.toString();
    }

    /** Established and other TCP connections on port 8080 inside the service's container, from /proc/net/tcp{,6}. */
    private static String connectionsToService(Stack stack) {
        try {
            var result = stack.commands().exec("ledger", "cat", "/proc/net/tcp", "/proc/net/tcp6");
            Map<String, Integer> byState = new TreeMap<>();
            for (String line : result.stdout().split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(":1F90") && !f[3].equals("0A")) {   // local port 8080, not LISTEN
                    byState.merge(f[3].equals("01") ? "established" : "state " + f[3], 1, Integer::sum);
                }
            }
            return byState.toString();
        } catch (RuntimeException e) {
            return "(unknown: " + e.getMessage() + ")";
        }
    }

    private static SystemUnderTest bypassingLedgerProxy(Stack stack) {
        return new SystemUnderTest() {
            @Override
            public Set<String> services() {
                return stack.services();
            }

            @Override
            public Endpoint endpoint(String service, int port) {
                return service.equals("ledger") ? stack.directEndpoint(service, port) : stack.endpoint(service, port);
            }

            @Override
            public Map<String, String> environment(String service) {
                return stack.environment(service);
            }
        };
    }

    /**
     * Cumulative CPU time of each of the stack's containers and the engine's time of that sample, both in nanoseconds,
     * from the engine's stats (any cgroup version).
     */
    private static Map<String, long[]> containerCpuNanos(Stack stack) {
        Map<String, long[]> cpu = new LinkedHashMap<>();
        for (String service : new java.util.TreeSet<>(stack.services())) {
            try (ResultCallback.Adapter<Statistics> callback = new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Statistics stats) {
                    Long total = stats.getCpuStats() == null || stats.getCpuStats().getCpuUsage() == null ? null
                            : stats.getCpuStats().getCpuUsage().getTotalUsage();
                    if (total != null && stats.getRead() != null) {
                        java.time.Instant read = java.time.Instant.parse(stats.getRead());
                        cpu.put(service, new long[] {total, read.getEpochSecond() * 1_000_000_000L + read.getNano()});
                    }
                }
            }) {
                DockerClientFactory.instance().client().statsCmd(stack.containerId(service)).withNoStream(true)
                        .exec(callback).awaitCompletion(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.out.println("(no CPU figure for " + service + ": " + e.getMessage() + ")");
            }
        }
        return cpu;
    }

    /**
     * CPU ticks (1/100 s) of the engine's userland port-mapping processes for {@code hostPort}, when they run on this
     * machine and are visible in /proc (Docker Engine with its default userland proxy); -1 otherwise.
     */
    private static long portMappingCpuTicks(int hostPort) {
        long ticks = 0;
        boolean found = false;
        try (var pids = Files.list(Path.of("/proc"))) {
            for (Path pid : pids.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String cmd = new String(Files.readAllBytes(pid.resolve("cmdline"))).replace('\0', ' ');
                    if (cmd.contains("docker-proxy") && cmd.contains("-host-port " + hostPort + " ")) {
                        String stat = Files.readString(pid.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);   // utime, stime
                        found = true;
                    }
                } catch (java.io.IOException | RuntimeException gone) {
                    // a process that ended meanwhile, or one we may not read
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return found ? ticks : -1;
    }

    private static long processCpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "(no /proc/loadavg)";
        }
    }
}
