package dev.firedrill.recovery;

import com.google.auto.service.AutoService;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.access.Postgres;
import dev.firedrill.capability.SqlSessions;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runbook 004 §Scenario 2's fix of a pool exhausted by long-running queries, its query as written:
 * {@code SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = <db> AND state = 'active'
 * AND now() - query_start > interval '<older-than>'}, sparing only its own backend. Idle sessions are left alone (that is
 * {@link TerminateIdleSessions}). Reports how many it terminated and their queries. Terminating none while active queries
 * younger than the bound run is a failure that says so: the bound missed what holds the pool; with no active query at all
 * there was nothing to do, and it says that.
 *
 * <p>Example: {@code Recoveries.terminateLongQueries("postgres", Duration.ofMinutes(5))}; in a drill file
 * {@code - {procedure: terminate-long-queries, target: postgres, older-than: 5s}}.
 *
 * @param service   the PostgreSQL service
 * @param olderThan the runbook's bound on {@code now() - query_start} (5 minutes there)
 * @param database  the database whose queries are terminated; empty: the database the harness connects to
 */
public record TerminateLongQueries(String service, Duration olderThan, Optional<String> database) implements SessionsStep {

    static final Duration RUNBOOK_BOUND = Duration.ofMinutes(5);
    /** How many of the terminated queries the report quotes. */
    private static final int QUOTED = 5;

    private static final String TERMINATE = "SELECT pid, extract(epoch FROM now() - query_start), left(query, 120), pg_terminate_backend(pid)"
            + " FROM pg_stat_activity WHERE datname = ? AND state = 'active'"
            + " AND now() - query_start > (?)::interval AND pid <> pg_backend_pid()";
    private static final String YOUNGER = "SELECT count(*), coalesce(max(extract(epoch FROM now() - query_start)), 0) FROM pg_stat_activity"
            + " WHERE datname = ? AND state = 'active' AND pid <> pg_backend_pid()";

    public TerminateLongQueries {
        Recoveries.requireService(service, "terminateLongQueries");
        Objects.requireNonNull(olderThan, "terminateLongQueries(" + service + "): older-than must not be null");
        if (olderThan.isNegative() || olderThan.isZero() || olderThan.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("terminateLongQueries(" + service + "): older-than must be a positive duration in whole"
                    + " milliseconds, e.g. 5m as the runbook or 5s, got " + olderThan);
        }
        database = database == null ? Optional.empty() : database;
        if (database.isPresent() && database.get().isBlank()) {
            throw new IllegalArgumentException("terminateLongQueries(" + service + "): database must name a database, e.g. ledger, got '"
                    + database.get() + "'");
        }
    }

    /** The kind {@code terminate-long-queries}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.procedure("terminate-long-queries", "terminate active queries running longer than a bound,"
                            + " the runbook's pg_terminate_backend query (004 §Scenario 2)").target()
                    .param(Param.optional("older-than", Param.Type.DURATION, RUNBOOK_BOUND, "minimum age of now() - query_start"),
                            Param.optional("database", Param.Type.TEXT, null, "the database (datname); default the one the harness connects to"))
                    .requires(SqlSessions.class)
                    .build(a -> new TerminateLongQueries(a.target(), a.duration("older-than"), a.has("database") ? Optional.of(a.text("database")) : Optional.empty())));
        }
    }

    @Override
    public String name() {
        return "terminateLongQueries(" + service + ", active > " + seconds(olderThan) + database.map(d -> ", database " + d).orElse("") + ")";
    }

    @Override
    public String run(SystemUnderTest system) {
        SqlSessions target = Postgres.sessions(system, service, name());
        try (Connection session = target.connect(service, "firedrill-recovery")) {
            String db = database.isPresent() ? database.get() : currentDatabase(session);
            List<String> terminated = new ArrayList<>();
            try (PreparedStatement st = session.prepareStatement(TERMINATE)) {
                st.setString(1, db);
                st.setString(2, olderThan.toMillis() + " milliseconds");
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        terminated.add("pid " + rs.getInt(1) + " (" + String.format(java.util.Locale.ROOT, "%.1f", rs.getDouble(2)) + " s): "
                                + rs.getString(3).replaceAll("\\s+", " ").strip());
                    }
                }
            }
            String where = "database " + db;
            if (!terminated.isEmpty()) {
                return "terminated " + terminated.size() + " active quer" + (terminated.size() == 1 ? "y" : "ies") + " older than "
                        + seconds(olderThan) + " on " + where + ": " + String.join("; ", terminated.subList(0, Math.min(QUOTED, terminated.size())))
                        + (terminated.size() > QUOTED ? "; and " + (terminated.size() - QUOTED) + " more" : "");
            }
            try (PreparedStatement st = session.prepareStatement(YOUNGER)) {
                st.setString(1, db);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    long younger = rs.getLong(1);
                    if (younger > 0) {
                        throw new IllegalStateException(name() + ": terminated none: the " + younger + " active quer" + (younger == 1 ? "y" : "ies")
                                + " on " + where + " had all run less than " + seconds(olderThan) + " (the longest "
                                + String.format(java.util.Locale.ROOT, "%.1f", rs.getDouble(2)) + " s), so the bound spares what holds the connections");
                    }
                }
            }
            return "no active query on " + where + " besides this one: nothing to terminate";
        } catch (SQLException e) {
            throw new IllegalStateException(name() + ": could not terminate long-running queries on service '" + service + "': " + e.getMessage()
                    + " (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }

    private static String currentDatabase(Connection session) throws SQLException {
        try (PreparedStatement st = session.prepareStatement("SELECT current_database()"); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
