package dev.firedrill.ledger;

import dev.firedrill.Endpoint;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference service's write throughput as a share of a raw JDBC insert loop against the same PostgreSQL
 * (the physical limit), side by side in one run on one stack: the same number of concurrent clients, each
 * writing one row per round trip, both through the fault proxy as in a drill ({@code ledger:8080} and
 * {@code postgres:5432}), the JDBC loop into a table of the same shape as {@code entries}. Rounds alternate
 * (JDBC, service, JDBC, service) so that the machine's load drifts into both alike. Prints the load average.
 *
 * <p>{@code ./drill bench writes [clients] [seconds per round]} (default 10 clients = the service's pool, 15 s).
 */
public final class WriteThroughputBenchmark {

    private WriteThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Duration round = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 15);
        System.out.println("load average before: " + loadAverage());
        try (Stack stack = Stack.start(StackDefinition.load(ProjectFiles.referenceCompose()))) {
            Map<String, String> env = stack.environment("postgres");
            Endpoint pg = stack.endpoint("postgres", 5432);
            String url = "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + env.get("POSTGRES_DB");
            try (Connection c = DriverManager.getConnection(url, env.get("POSTGRES_USER"), env.get("POSTGRES_PASSWORD"))) {
                c.createStatement().execute("CREATE TABLE IF NOT EXISTS bench_entries(seq bigserial primary key, "
                        + "id text unique not null, account text, amount bigint, created_at timestamptz default now())");
            }
            URI writes = stack.endpoint("ledger", 8080).httpUri().resolve("/entries");
            URI direct = stack.directEndpoint("ledger", 8080).httpUri().resolve("/entries");
            warmUp(writes);
            List<Result> jdbc = new ArrayList<>();
            List<Result> service = new ArrayList<>();
            List<Result> bypass = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                jdbc.add(run("jdbc", clients, round, n -> jdbcLoop(url, env, round)));
                System.out.println("round " + i + " " + jdbc.get(jdbc.size() - 1) + "   load average " + loadAverage());
                service.add(run("service", clients, round, n -> serviceLoop(writes, round)));
                System.out.println("round " + i + " " + service.get(service.size() - 1) + "   load average " + loadAverage());
                bypass.add(run("service, client bypassing the ledger proxy", clients, round, n -> serviceLoop(direct, round)));
                System.out.println("round " + i + " " + bypass.get(bypass.size() - 1) + "   load average " + loadAverage());
            }
            double j = jdbc.stream().mapToDouble(Result::perSecond).average().orElse(0);
            double s = service.stream().mapToDouble(Result::perSecond).average().orElse(0);
            System.out.printf("%d clients: raw JDBC %.0f inserts/s, service %.0f writes/s: ratio %.2f; service p95 %s (rounds: %s)%n",
                    clients, j, s, s / j, service.get(service.size() - 1).p95(), service);
            System.out.printf("without the client-side proxy hop: %.0f writes/s, ratio %.2f%n",
                    bypass.stream().mapToDouble(Result::perSecond).average().orElse(0),
                    bypass.stream().mapToDouble(Result::perSecond).average().orElse(0) / j);
        }
        System.out.println("load average after: " + loadAverage());
    }

    record Result(String what, long ok, long failed, Duration length, Duration p50, Duration p95) {
        double perSecond() {
            return ok * 1000.0 / length.toMillis();
        }

        @Override
        public String toString() {
            return String.format("%s %.0f/s (%d ok, %d failed, p50 %d ms, p95 %d ms)", what, perSecond(), ok, failed,
                    p50.toMillis(), p95.toMillis());
        }
    }

    @FunctionalInterface
    interface Loop {
        List<Long> run(int client) throws Exception;   // latencies in nanos of successful writes; failures as -1
    }

    private static Result run(String what, int clients, Duration round, Loop loop) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int client = i;
            futures.add(pool.submit(() -> loop.run(client)));
        }
        List<Long> latencies = new ArrayList<>();
        long failed = 0;
        for (Future<List<Long>> f : futures) {
            for (long l : f.get()) {
                if (l < 0) {
                    failed++;
                } else {
                    latencies.add(l);
                }
            }
        }
        Duration length = Duration.ofNanos(System.nanoTime() - start);
        pool.shutdown();
        Collections.sort(latencies);
        return new Result(what, latencies.size(), failed, length, percentile(latencies, 50), percentile(latencies, 95));
    }

    private static Duration percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return Duration.ZERO;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return Duration.ofNanos(sorted.get(Math.max(0, rank - 1)));
    }

    private static final AtomicLong IDS = new AtomicLong();
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    private static List<Long> jdbcLoop(String url, Map<String, String> env, Duration round) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, env.get("POSTGRES_USER"), env.get("POSTGRES_PASSWORD"));
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO bench_entries(id, account, amount) VALUES (?, ?, ?) RETURNING seq")) {
            long end = System.nanoTime() + round.toNanos();
            while (System.nanoTime() < end) {
                long t = System.nanoTime();
                insert.setString(1, "bench-" + RUN + "-" + IDS.incrementAndGet());
                insert.setString(2, "bench");
                insert.setLong(3, 1);
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    out.add(System.nanoTime() - t);
                } catch (java.sql.SQLException e) {
                    out.add(-1L);
                }
            }
        }
        return out;
    }

    private static List<Long> serviceLoop(URI writes, Duration round) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        List<Long> out = new ArrayList<>();
        long end = System.nanoTime() + round.toNanos();
        while (System.nanoTime() < end) {
            long t = System.nanoTime();
            String body = "{\"id\":\"bench-" + RUN + "-" + IDS.incrementAndGet() + "\",\"account\":\"bench\",\"amount\":1}";
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(writes).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.discarding());
                out.add(r.statusCode() == 201 ? System.nanoTime() - t : -1L);
            } catch (Exception e) {
                out.add(-1L);
            }
        }
        return out;
    }

    private static void warmUp(URI writes) {
        serviceLoop(writes, Duration.ofSeconds(5));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "(no /proc/loadavg)";
        }
    }
}
