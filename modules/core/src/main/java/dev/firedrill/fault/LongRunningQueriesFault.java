package dev.firedrill.fault;

import com.google.auto.service.AutoService;
import dev.firedrill.Capability;
import dev.firedrill.Fault;
import dev.firedrill.FaultEvents;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.Leftover;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.access.Postgres;
import dev.firedrill.capability.SqlSessions;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;
import org.awaitility.core.ConditionTimeoutException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * The service's own connection pool exhausted by long-running <em>active</em> queries, the cause runbook 004 §Scenario 2
 * names ("connection pool exhausted ... long-running queries, state = 'active'"), as opposed to the idle sessions of
 * {@code exhaust-connections}. Sessions opened by the harness could take database slots, never the service's pool: only
 * the service's own queries hold its pooled connections. So the fault asks the service itself for {@code queries}
 * slow reports at once ({@code GET /reports/slow?seconds=<length>} of the reference service, docs/reference-service.md):
 * each runs a reporting query on one of the service's pooled connections, as the service's role and
 * {@code application_name}, for {@code length}. With {@code queries} at least the pool's size (LEDGER_POOL_SIZE), every
 * pooled connection is busy and the service's other requests wait for one until their timeout.
 *
 * <p>Takes effect when pg_stat_activity shows {@code queries} report queries {@code state = 'active'} for longer than
 * {@link #ACTIVE_FOR} and the service answers {@code GET /ready} with something else than 200 (its pool seen exhausted).
 * Undo terminates the report queries still running ({@code pg_terminate_backend}, chosen by their statement's mark) and
 * drops the requests. Should the JVM die, the queries run on until {@code length} has passed: the journal says how to end
 * them sooner.
 *
 * <p>In a drill file: {@code - {kind: long-running-queries, target: postgres, client: ledger, queries: 10}}.
 *
 * @param service the PostgreSQL service the queries run on
 * @param client  the service whose pool runs them (the reference service, HTTP on port 8080)
 * @param queries how many slow reports are asked for at once
 * @param length  how long each report's query runs
 */
public record LongRunningQueriesFault(String service, String client, int queries, Duration length) implements Fault {

    /** The mark the reference service puts at the start of its slow report's statement (its {@code EntryStore}). */
    static final String REPORT_MARK = "/* ledger slow report */";
    static final int CLIENT_PORT = 8080;
    static final Duration DEFAULT_LENGTH = Duration.ofMinutes(10);
    /** How long the queries must be seen active: they hold their connections, they did not just pass through. */
    static final Duration ACTIVE_FOR = Duration.ofSeconds(1);
    private static final Duration EFFECT_BOUND = Duration.ofSeconds(15);
    private static final Duration UNDO_BOUND = Duration.ofSeconds(5);
    private static final long MAX_SECONDS = 3600;
    private static final String ACTIVE_REPORTS = "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
            + " AND starts_with(query, ?) AND now() - query_start > make_interval(secs => ?)";

    public LongRunningQueriesFault {
        Faults.requireService(service, "longRunningQueries");
        Faults.requireService(client, "longRunningQueries(" + service + "): client");
        if (queries < 1 || queries > 1000) {
            throw new IllegalArgumentException("longRunningQueries(" + service + "): queries must be 1 .. 1000 (at least the client's pool size,"
                    + " LEDGER_POOL_SIZE, to exhaust it), got " + queries);
        }
        Faults.requirePositive(length, "longRunningQueries(" + service + ")", "length");
        if (length.toSeconds() < 5 || length.toSeconds() > MAX_SECONDS || length.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException("longRunningQueries(" + service + "): length must be whole seconds from 5 s to "
                    + MAX_SECONDS + " s (what the service's slow report accepts), got " + length);
        }
    }

    /** The kind {@code long-running-queries}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.fault("long-running-queries", "the service's own pool exhausted by long-running active queries:"
                            + " it is asked for slow reports that each hold a pooled connection (runbook 004 §Scenario 2)").target()
                    .param(Param.required("client", Param.Type.TEXT, "the service whose pool runs them (the reference service)"),
                            Param.required("queries", Param.Type.INTEGER, "how many at once: at least the pool's size"),
                            Param.optional("length", Param.Type.DURATION, DEFAULT_LENGTH, "how long each runs"))
                    .requires(SqlSessions.class)
                    .build(a -> new LongRunningQueriesFault(a.target(), a.text("client"), a.integer("queries"), a.duration("length"))));
        }
    }

    @Override
    public String name() {
        return "longRunningQueries(" + service + ", " + queries + " through " + client + ", " + length.toSeconds() + " s)";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(SqlSessions.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        Postgres.sessions(system, service, name());
        system.requireService(client, name());
    }

    @Override
    public Injection inject(SystemUnderTest system) {
        return inject(system, FaultEvents.ignored());
    }

    @Override
    public Injection inject(SystemUnderTest system, FaultEvents events) {
        SqlSessions sql = Postgres.sessions(system, service, name());
        system.requireService(client, name());
        URI base = system.endpoint(client, CLIENT_PORT).httpUri();
        events.willLeave(Leftover.byHand("the slow reports of " + client + " run on " + service + " until " + length.toSeconds()
                + " s after they began; end them sooner there with SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                + " WHERE starts_with(query, '" + REPORT_MARK + "')"));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<CompletableFuture<HttpResponse<String>>> reports = new CopyOnWriteArrayList<>();   // a stop may undo while they are sent
        Injection undo = undo(sql, reports);
        events.acting();
        for (int i = 0; i < queries; i++) {
            reports.add(http.sendAsync(HttpRequest.newBuilder(base.resolve("/reports/slow?seconds=" + length.toSeconds()))
                    .timeout(length.plusSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString()));
        }
        events.accept(undo);
        try {
            awaitEffect(sql, http, base, reports);
            return undo;
        } catch (RuntimeException e) {
            undo.close();
            throw e;
        }
    }

    private void awaitEffect(SqlSessions sql, HttpClient http, URI base, List<CompletableFuture<HttpResponse<String>>> reports) {
        AtomicReference<String> lastSeen = new AtomicReference<>("nothing yet");
        try (Connection control = sql.connect(service, "firedrill-fault-check")) {
            await(name() + " holding the pool").atMost(EFFECT_BOUND).pollInterval(Duration.ofMillis(200)).pollInSameThread()
                    .until(() -> {
                        String ended = endedReport(reports);
                        if (ended != null) {
                            throw new FaultNotEffectiveException(name() + ": a slow report ended before the pool was seen exhausted: " + ended);
                        }
                        long active = Postgres.count(control, ACTIVE_REPORTS, REPORT_MARK, ACTIVE_FOR.toMillis() / 1000.0);
                        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(base.resolve("/ready")).timeout(Duration.ofSeconds(5))
                                .GET().build(), HttpResponse.BodyHandlers.ofString());
                        lastSeen.set(active + " report queries active for over " + ACTIVE_FOR.toSeconds() + " s; GET /ready answered "
                                + ready.statusCode() + " " + ready.body().strip());
                        return active >= queries && ready.statusCode() != 200;
                    });
        } catch (ConditionTimeoutException e) {
            throw new FaultNotEffectiveException(name() + ": the pool of " + client + " was not seen exhausted within " + EFFECT_BOUND
                    + " (last seen: " + lastSeen.get() + "); is queries at least its pool size (LEDGER_POOL_SIZE)?");
        } catch (SQLException e) {
            throw FaultException.of(name(), service, "watch the report queries in pg_stat_activity", e);
        }
    }

    /** How a report that already ended was answered, or null while all still run. */
    private static String endedReport(List<CompletableFuture<HttpResponse<String>>> reports) {
        for (CompletableFuture<HttpResponse<String>> report : reports) {
            if (report.isDone()) {
                return report.handle((r, e) -> e != null ? e.toString() : "HTTP " + r.statusCode() + " " + r.body().strip()).join();
            }
        }
        return null;
    }

    /** Terminates the report queries still running and drops the requests; once, however often it is called. */
    private Injection undo(SqlSessions sql, List<CompletableFuture<HttpResponse<String>>> reports) {
        AtomicBoolean undone = new AtomicBoolean();
        return () -> {
            if (undone.compareAndSet(false, true)) {
                try (Connection control = sql.connect(service, "firedrill-fault-undo")) {
                    Postgres.count(control, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE starts_with(query, ?)"
                            + " AND pid <> pg_backend_pid()", REPORT_MARK);
                    // terminating is a signal: undone once the backends have exited
                    await(name() + " undone").atMost(UNDO_BOUND).pollInterval(Duration.ofMillis(50)).pollInSameThread()
                            .until(() -> Postgres.count(control, "SELECT count(*) FROM pg_stat_activity WHERE starts_with(query, ?)"
                                    + " AND pid <> pg_backend_pid()", REPORT_MARK) == 0);
                } catch (ConditionTimeoutException e) {
                    throw new FaultException(name() + ": the slow reports' queries still run " + UNDO_BOUND + " after pg_terminate_backend", e);
                } catch (SQLException e) {
                    throw FaultException.of(name(), service, "terminate the slow reports' queries", e);
                } finally {
                    reports.forEach(r -> r.cancel(true));
                }
            }
        };
    }
}
