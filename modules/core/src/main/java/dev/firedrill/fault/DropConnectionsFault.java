package dev.firedrill.fault;

import com.google.auto.service.AutoService;
import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.access.Postgres;
import dev.firedrill.capability.SqlSessions;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import org.awaitility.core.ConditionTimeoutException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.awaitility.Awaitility.await;

/**
 * Every client session of a PostgreSQL service dropped at once ({@code pg_terminate_backend}), as a server restart,
 * a failover or a connection-pooler bounce drops them: the clients must notice and reconnect. Only sessions of
 * {@code application} when one is given; never the harness's own ({@code firedrill-*}). Takes effect when none of the
 * sessions it saw is left; a service with no such session to drop is a fault that cannot bite, and says so. Nothing
 * to undo: the server keeps running and takes new sessions all along.
 *
 * <p>In a drill file: {@code - {kind: drop-connections, target: postgres, application: ledger}}.
 *
 * @param service     the PostgreSQL service
 * @param application the {@code application_name} whose sessions are dropped; empty: every client's
 */
public record DropConnectionsFault(String service, Optional<String> application) implements PostgresFault {

    private static final Duration EFFECT_BOUND = Duration.ofSeconds(10);

    public DropConnectionsFault {
        Faults.requireService(service, "dropConnections");
        application = application == null ? Optional.empty() : application;
        if (application.isPresent() && application.get().isBlank()) {
            throw new IllegalArgumentException("dropConnections(" + service + "): application must name an application_name, got '"
                    + application.get() + "'");
        }
    }

    /** The kind {@code drop-connections}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.fault("drop-connections", "every client session of the PostgreSQL service terminated at once,"
                            + " as a restart or failover drops them; clients must reconnect").target()
                    .param(Param.optional("application", Param.Type.TEXT, null, "only the sessions of this application_name"))
                    .requires(SqlSessions.class)
                    .build(a -> new DropConnectionsFault(a.target(), Optional.ofNullable(a.text("application")))));
        }
    }

    @Override
    public String name() {
        return "dropConnections(" + service + application.map(a -> ", " + a).orElse("") + ")";
    }

    @Override
    public Injection injectInto(SqlSessions sql) {
        String only = application.orElse("");
        try (Connection control = sql.connect(service, "firedrill-drop-connections")) {
            List<Integer> dropped = new ArrayList<>();
            // The sessions are chosen first (a materialized CTE): in one WHERE clause the planner could call
            // pg_terminate_backend before the other conditions, on sessions they would have spared.
            try (PreparedStatement st = control.prepareStatement("WITH clients AS MATERIALIZED (SELECT pid FROM pg_stat_activity"
                    + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
                    + " AND coalesce(application_name, '') NOT LIKE 'firedrill-%' AND (? = '' OR application_name = ?))"
                    + " SELECT pid FROM clients WHERE pg_terminate_backend(pid)")) {
                st.setString(1, only);
                st.setString(2, only);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        dropped.add(rs.getInt(1));
                    }
                }
            }
            if (dropped.isEmpty()) {
                throw new FaultNotEffectiveException(name() + ": no client session " + application.map(a -> "of '" + a + "' ").orElse("")
                        + "was connected to drop: the fault cannot bite");
            }
            awaitGone(control, dropped);
        } catch (SQLException e) {
            throw new FaultException(name() + ": could not terminate the client sessions of '" + service + "': " + e.getMessage(), e);
        }
        return () -> { };
    }

    /** Terminating is a signal: the fault has acted once no dropped session is left in pg_stat_activity. */
    private void awaitGone(Connection control, List<Integer> pids) {
        try {
            await(name() + ": " + pids.size() + " sessions gone").atMost(EFFECT_BOUND).pollInterval(Duration.ofMillis(50)).pollInSameThread()
                    .until(() -> Postgres.count(control, "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY (?)",
                            control.createArrayOf("integer", pids.toArray())) == 0);
        } catch (ConditionTimeoutException e) {
            throw new FaultNotEffectiveException(name() + ": sessions " + pids + " still connected " + EFFECT_BOUND
                    + " after pg_terminate_backend");
        }
    }
}
