package dev.firedrill.recovery;

import dev.firedrill.capability.SqlSessions;

import dev.firedrill.SystemUnderTest;
import dev.firedrill.access.Postgres;
import org.awaitility.core.ConditionTimeoutException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * The runbook's "find the blocker and terminate it": every session that {@code pg_blocking_pids} names
 * as blocking another is terminated ({@code pg_terminate_backend}); its open transaction rolls back.
 */
record TerminateBlockers(String service) implements SessionsStep {

    private static final Duration LOOK_FOR = Duration.ofSeconds(5);
    private static final String BLOCKERS = "SELECT pid, coalesce(application_name, ''), pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE pid IN (SELECT DISTINCT unnest(pg_blocking_pids(pid)) FROM pg_stat_activity) AND pid <> pg_backend_pid()";

    TerminateBlockers {
        Recoveries.requireService(service, "terminateBlockers");
    }

    @Override
    public String name() {
        return "terminateBlockers(" + service + ")";
    }

    @Override
    public String run(SystemUnderTest system) {
        SqlSessions target = Postgres.sessions(system, service, name());
        List<String> terminated = new ArrayList<>();
        try (Connection session = target.connect(service, "firedrill-recovery")) {
            await(name() + ": blockers found").atMost(LOOK_FOR).pollInterval(Duration.ofMillis(200)).pollInSameThread()
                    .until(() -> {
                        try (Statement st = session.createStatement(); ResultSet rs = st.executeQuery(BLOCKERS)) {
                            while (rs.next()) {
                                terminated.add("pid " + rs.getInt(1) + " ('" + rs.getString(2) + "')" + (rs.getBoolean(3) ? "" : " (already gone)"));
                            }
                        }
                        return !terminated.isEmpty();
                    });
        } catch (ConditionTimeoutException e) {
            return "no session blocks another (looked for " + LOOK_FOR.toSeconds() + " s); nothing terminated";
        } catch (SQLException e) {
            throw new IllegalStateException(name() + ": could not query or terminate blockers on service '" + service + "': " + e.getMessage(), e);
        }
        return "terminated " + terminated.size() + " blocking session(s): " + String.join(", ", terminated);
    }
}
