package dev.firedrill.recovery;

import dev.firedrill.capability.SqlSessions;

import dev.firedrill.SystemUnderTest;
import dev.firedrill.access.Postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The runbook's "kill idle connections": terminates client sessions that are idle or idle in transaction
 * since longer than {@code olderThan}, sparing the sessions of the named clients (by application_name,
 * e.g. the service's own pool) and this recovery's own session.
 *
 * <p>Example: {@code Recoveries.terminateIdleSessions("postgres", ofSeconds(5)).sparing("ledger")}
 */
public record TerminateIdleSessions(String service, Duration olderThan, List<String> spared) implements SessionsStep {

    public TerminateIdleSessions {
        Recoveries.requireService(service, "terminateIdleSessions");
        Objects.requireNonNull(olderThan, "terminateIdleSessions(" + service + "): olderThan must not be null");
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("terminateIdleSessions(" + service + "): olderThan must be zero or more, got " + olderThan);
        }
        spared = List.copyOf(spared);
    }

    /** The same step, sparing the sessions whose application_name is one of {@code applicationNames}. */
    public TerminateIdleSessions sparing(String... applicationNames) {
        for (String name : applicationNames) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("terminateIdleSessions(" + service + "): spared clients are named by application_name; got '" + name + "'");
            }
        }
        return new TerminateIdleSessions(service, olderThan, List.of(applicationNames));
    }

    @Override
    public String name() {
        return "terminateIdleSessions(" + service + ", idle > " + olderThan.toSeconds() + " s" + (spared.isEmpty() ? "" : ", sparing " + spared) + ")";
    }

    @Override
    public String run(SystemUnderTest system) {
        SqlSessions target = Postgres.sessions(system, service, name());
        String sql = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                + " AND state IN ('idle', 'idle in transaction', 'idle in transaction (aborted)')"
                + " AND state_change < clock_timestamp() - make_interval(secs => ?)"
                + " AND NOT (coalesce(application_name, '') = ANY (?))";
        try (Connection session = target.connect(service, "firedrill-recovery");
             PreparedStatement st = session.prepareStatement(sql)) {
            st.setDouble(1, olderThan.toMillis() / 1000.0);
            Array names = session.createArrayOf("text", spared.toArray());
            st.setArray(2, names);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return "terminated " + rs.getLong(1) + " idle session(s) older than " + olderThan.toSeconds() + " s"
                        + (spared.isEmpty() ? "" : "; spared " + spared);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(name() + ": could not terminate idle sessions on service '" + service + "': " + e.getMessage()
                    + " (SQLSTATE " + e.getSQLState() + ")", e);
        }
    }
}
