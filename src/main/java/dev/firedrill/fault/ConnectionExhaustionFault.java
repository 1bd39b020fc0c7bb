package dev.firedrill.fault;

import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Idle and idle-in-transaction sessions take every free connection slot, up to {@code max_connections}.
 * With {@link #terminating}, the named client's sessions (by {@code application_name}) are terminated and
 * their slots taken too, so that it must reconnect and cannot. Takes effect when a new connection is refused
 * with "too many clients" (SQLSTATE 53300) and the named client has held no session for {@link #SETTLE}
 * (a reconnect caught meanwhile is terminated too), within {@code verifyWithin}.
 * Undo closes every session it opened.
 *
 * <p>Example: {@code Faults.exhaustConnections("postgres").terminating("ledger")}
 */
public record ConnectionExhaustionFault(String service, Optional<String> terminatedClient, Optional<String> role, Duration verifyWithin)
        implements PostgresFault {

    /** The application name of the sessions that take the slots. */
    public static final String APPLICATION_NAME = "firedrill-exhaustion";

    public ConnectionExhaustionFault {
        Faults.requireService(service, "exhaustConnections");
        Objects.requireNonNull(terminatedClient, "terminatedClient");
        Objects.requireNonNull(role, "role");
        role.ifPresent(r -> {
            if (!r.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("exhaustConnections(" + service + "): role must be a lower-case SQL name such as 'idle_client', got '" + r + "'");
            }
        });
        Faults.requirePositive(verifyWithin, "exhaustConnections(" + service + ")", "verifyWithin");
    }

    /** The same exhaustion, first terminating the sessions whose application_name is {@code applicationName}. */
    public ConnectionExhaustionFault terminating(String applicationName) {
        if (applicationName == null || applicationName.isBlank()) {
            throw new IllegalArgumentException("exhaustConnections(" + service + "): the client to terminate is named by its application_name, got '"
                    + applicationName + "'");
        }
        return new ConnectionExhaustionFault(service, Optional.of(applicationName), role, verifyWithin);
    }

    /** The same exhaustion with another bound on seeing it take effect. */
    public ConnectionExhaustionFault verifyWithin(Duration bound) {
        return new ConnectionExhaustionFault(service, terminatedClient, role, bound);
    }

    /**
     * The same exhaustion with the sessions opened as the ordinary role {@code role} (created if missing, with
     * a fresh password), as real clients are: they take every slot but the superuser-reserved ones, so that a
     * DBA (the harness, as {@code POSTGRES_USER}) can still get in to fix it.
     */
    public ConnectionExhaustionFault asRole(String role) {
        return new ConnectionExhaustionFault(service, terminatedClient, Optional.of(role), verifyWithin);
    }

    @Override
    public String name() {
        return "exhaustConnections(" + service + role.map(r -> ", as " + r).orElse("")
                + terminatedClient.map(c -> ", terminating '" + c + "'").orElse("") + ")";
    }

    @Override
    public Injection injectInto(SystemUnderTest system) {
        HeldSessions sessions = new HeldSessions();
        try {
            Connection control = sessions.hold(Postgres.connect(system, service, APPLICATION_NAME + "-control"));
            Filling filling = new Filling(opener(system, control), sessions, control, System.nanoTime() + verifyWithin.toNanos());
            filling.fill();
            if (terminatedClient.isPresent()) {
                filling.shutOut(terminatedClient.get());
            }
            String confirmed = tryConnect(filling.open);
            if (confirmed == null) {
                throw new FaultNotEffectiveException(name() + ": a new connection was still accepted after " + (sessions.size())
                        + " sessions (max_connections " + filling.max + "); last refusal: " + filling.lastRefusal);
            }
            return sessions;
        } catch (SQLException e) {
            sessions.close();
            throw FaultException.of(name(), service, "open sessions (" + sessions.size() + " so far)", e);
        } catch (RuntimeException e) {
            sessions.close();
            throw e;
        }
    }

    /**
     * How long the named client must hold no session before the exhaustion counts as effective. PostgreSQL before
     * 18 lists a session in pg_stat_activity only once it has authenticated, so a reconnect that took a slot while
     * the others were filled is invisible at first and gets in a few milliseconds later; this watch catches it
     * (and it is then terminated and its slot taken, like the others).
     */
    static final Duration SETTLE = Duration.ofSeconds(1);
    private static final Duration POLL = Duration.ofMillis(50);

    @FunctionalInterface
    private interface Opener {
        Connection connect(String applicationName) throws SQLException;
    }

    /** Opens the sessions that take the slots: as {@link #role} (created or given a fresh password), else as the DBA. */
    private Opener opener(SystemUnderTest system, Connection control) throws SQLException {
        if (role.isEmpty()) {
            return appName -> Postgres.connect(system, service, appName);
        }
        String password = java.util.UUID.randomUUID().toString();
        try (Statement st = control.createStatement()) {
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role.get() + "') THEN CREATE ROLE "
                    + role.get() + " LOGIN NOSUPERUSER; END IF; END $$");
            st.execute("ALTER ROLE " + role.get() + " LOGIN NOSUPERUSER PASSWORD '" + password + "'");
        }
        return appName -> Postgres.connect(system, service, appName, role.get(), password);
    }

    /** One injection's work of taking the slots, with what it needs to know about the server. */
    private final class Filling {

        final Opener open;
        final HeldSessions sessions;
        final Connection control;
        final long deadline;
        final long max;
        /** Client sessions at which the role the slots are taken as is refused: an ordinary role once only the reserved slots are free. */
        final long full;
        /** The message of the latest refusal that ended a {@link #fill()}. */
        String lastRefusal;

        Filling(Opener open, HeldSessions sessions, Connection control, long deadline) throws SQLException {
            this.open = open;
            this.sessions = sessions;
            this.control = control;
            this.deadline = deadline;
            this.max = Postgres.count(control, "SELECT setting::bigint FROM pg_settings WHERE name = 'max_connections'");
            this.full = role.isEmpty() ? max : max - Postgres.count(control, "SELECT coalesce(sum(setting::bigint), 0) FROM pg_settings"
                    + " WHERE name IN ('superuser_reserved_connections', 'reserved_connections')");
        }

        /**
         * Opens sessions until one is refused with SQLSTATE 53300 while at least {@link #full} client sessions exist,
         * and keeps that refusal's message. A refusal with fewer is transient: connections being opened at that instant
         * (a client reconnecting) held slots they may not keep, so filling goes on, until the deadline.
         */
        void fill() throws SQLException {
            int opened = 0;
            while (true) {
                Connection session;
                try {
                    session = open.connect(APPLICATION_NAME);
                } catch (SQLException e) {
                    if (!Postgres.TOO_MANY_CONNECTIONS.equals(e.getSQLState())) {
                        throw e;
                    }
                    long taken = Postgres.count(control, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'");
                    if (taken >= full) {
                        lastRefusal = e.getMessage();
                        return;
                    }
                    if (pastDeadline()) {
                        throw new FaultNotEffectiveException(name() + ": new connections were refused (" + e.getMessage() + ") while only "
                                + taken + " client sessions exist, fewer than the " + full + " that max_connections " + max
                                + " allows; another limit (a per-role or per-database connection limit?) refuses them");
                    }
                    pause();
                    continue;
                }
                sessions.hold(session);
                if (++opened > max + 10) {
                    throw new FaultNotEffectiveException(name() + ": " + opened + " more sessions were accepted with max_connections " + max);
                }
                if (sessions.size() % 2 == 0) {
                    session.setAutoCommit(false);   // every other one idle in transaction
                }
                try (Statement st = session.createStatement()) {
                    st.execute("SELECT 1");
                }
            }
        }

        /**
         * Terminates {@code client}'s sessions and takes their slots, again whenever one reappears, until it has held
         * none for {@link #SETTLE}.
         */
        void shutOut(String client) throws SQLException {
            long quietSince = System.nanoTime();
            while (!pastDeadline()) {
                if (sessionsOf(client) > 0) {
                    terminateAndAwaitExit(client);
                    fill();
                    quietSince = System.nanoTime();
                } else if (System.nanoTime() - quietSince >= SETTLE.toNanos()) {
                    return;
                }
                pause();
            }
            long left = sessionsOf(client);
            if (left > 0) {
                throw new FaultNotEffectiveException(name() + ": '" + client + "' still holds " + left
                        + " sessions after " + verifyWithin + " of terminating them and taking their slots");
            }
        }

        private long sessionsOf(String client) throws SQLException {
            return Postgres.count(control, "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?", client);
        }

        /** Terminates every session of {@code client} and waits until they have exited, so that their slots are free to take. */
        private void terminateAndAwaitExit(String client) throws SQLException {
            List<Integer> pids = new ArrayList<>();
            // pg_terminate_backend in the select list, where it runs only on the rows the WHERE clause keeps (in the
            // WHERE clause itself the planner could call it before checking the name, terminating every session).
            try (PreparedStatement st = control.prepareStatement(
                    "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
                st.setString(1, client);
                try (ResultSet rows = st.executeQuery()) {
                    while (rows.next()) {
                        pids.add(rows.getInt(1));
                    }
                }
            }
            if (pids.isEmpty()) {
                return;
            }
            Array pidArray = control.createArrayOf("int4", pids.toArray());
            try (PreparedStatement st = control.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(?)")) {
                st.setArray(1, pidArray);
                while (!pastDeadline()) {
                    try (ResultSet rows = st.executeQuery()) {
                        rows.next();
                        if (rows.getLong(1) == 0) {
                            return;
                        }
                    }
                    pause();
                }
            }
        }

        private boolean pastDeadline() {
            return System.nanoTime() - deadline > 0;
        }

        private void pause() {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(name() + ": interrupted while taking the connection slots", e);
            }
        }
    }

    /** The refusal message of one more connection, or null when it was accepted. */
    private String tryConnect(Opener open) throws SQLException {
        try (Connection extra = open.connect(APPLICATION_NAME + "-check")) {
            return null;
        } catch (SQLException e) {
            if (Postgres.TOO_MANY_CONNECTIONS.equals(e.getSQLState())) {
                return e.getMessage();
            }
            throw e;
        }
    }
}
