package dev.firedrill.fault;

import dev.firedrill.access.Postgres;

import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.capability.SqlSessions;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import dev.firedrill.FaultEvents;

/**
 * Idle and idle-in-transaction sessions take every free connection slot, up to {@code max_connections}.
 * With {@link #terminating}, the named client's sessions (by {@code application_name}) are terminated and
 * their slots taken too, so that it must reconnect and cannot. Takes effect, within {@code verifyWithin} of opening them, when the
 * client sessions reach what {@code max_connections} allows (less the reserved slots when taken as a role), a new
 * connection is refused with "too many clients" (SQLSTATE 53300), and the named client has held no session for
 * {@link #SETTLE} (a reconnect caught meanwhile is terminated too).
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
     * DBA (the harness, as {@code POSTGRES_USER}) can still get in to fix it. The last few slots, those a client
     * that keeps reconnecting contests, are taken as the DBA, but never more than the role could take.
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
    public Injection injectInto(SqlSessions sql) {
        return injectInto(sql, FaultEvents.ignored());
    }

    @Override
    public Injection injectInto(SqlSessions sql, FaultEvents events) {
        HeldSessions sessions = new HeldSessions();
        events.accept(sessions);   // opening ~90 sessions takes seconds; a stop meanwhile closes those held so far
        try {
            Connection control = sessions.hold(sql.connect(service, APPLICATION_NAME + "-control"));
            Opener dba = appName -> sql.connect(service, appName);
            Filling filling = new Filling(role.isEmpty() ? dba : roleOpener(sql, control), dba, sessions, control);
            filling.fill();
            filling.holdEverySlot(terminatedClient);
            events.acting();   // every slot is held now: this is when clients start being refused
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
    private static final Duration SETTLE = Duration.ofSeconds(1);
    private static final Duration POLL = Duration.ofMillis(50);
    /** How soon a session to take a last slot is tried again after every slot, reserved ones too, was momentarily in use. */
    private static final Duration RETRY = Duration.ofMillis(10);

    @FunctionalInterface
    private interface Opener {
        Connection connect(String applicationName) throws SQLException;
    }

    /** Opens sessions as {@link #role}, created or given a fresh password. */
    private Opener roleOpener(SqlSessions sql, Connection control) throws SQLException {
        String password = java.util.UUID.randomUUID().toString();
        try (Statement st = control.createStatement()) {
            st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role.get() + "') THEN CREATE ROLE "
                    + role.get() + " LOGIN NOSUPERUSER; END IF; END $$");
            st.execute("ALTER ROLE " + role.get() + " LOGIN NOSUPERUSER PASSWORD '" + password + "'");
        }
        return appName -> sql.connect(service, appName, role.get(), password);
    }

    /**
     * One injection's work of taking the slots, with what it needs to know about the server. It opens sessions one
     * by one until the first refusal, then holds the rest: the server is full when the client backends it lists reach
     * {@link #full}. A refusal alone does not show that: before PostgreSQL 18 a connection still authenticating holds
     * a slot without being listed, so while another client keeps reconnecting, its attempts get some of the refusals
     * and some of the slots. {@link #holdEverySlot} makes sure of the rest.
     */
    private final class Filling {

        final Opener open;
        /** Opens sessions as the DBA ({@code POSTGRES_USER}), for the last slots. */
        final Opener dba;
        final HeldSessions sessions;
        final Connection control;
        final long max;
        /** Client sessions at which the role the slots are taken as is refused: an ordinary role once only the reserved slots are free. */
        final long full;
        /** The message of the latest refusal. */
        String lastRefusal;

        Filling(Opener open, Opener dba, HeldSessions sessions, Connection control) throws SQLException {
            this.open = open;
            this.dba = dba;
            this.sessions = sessions;
            this.control = control;
            this.max = Postgres.count(control, "SELECT setting::bigint FROM pg_settings WHERE name = 'max_connections'");
            this.full = role.isEmpty() ? max : max - Postgres.count(control, "SELECT coalesce(sum(setting::bigint), 0) FROM pg_settings"
                    + " WHERE name IN ('superuser_reserved_connections', 'reserved_connections')");
        }

        /** Opens sessions, every other one idle in a transaction, until one is refused with SQLSTATE 53300. */
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
                    lastRefusal = e.getMessage();
                    return;
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
         * Holds every slot: terminates {@code client}'s sessions (when given) whenever one appears and takes the slots
         * still free with {@link #topUp}, until the client backends reach {@link #full} and the client has held none
         * for {@link #SETTLE}, or until {@link #verifyWithin} has passed.
         */
        void holdEverySlot(Optional<String> client) throws SQLException {
            long deadline = System.nanoTime() + verifyWithin.toNanos();
            long settledSince = System.nanoTime();
            int terminations = 0;
            while (true) {
                long clientSessions = client.isPresent() ? sessionsOf(client.get()) : 0;
                long taken = clientBackends();
                boolean held = clientSessions == 0 && taken >= full;
                if (held && (client.isEmpty() || System.nanoTime() - settledSince >= SETTLE.toNanos())) {
                    return;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw notHeld(client, clientSessions, taken, terminations);
                }
                if (clientSessions > 0) {
                    terminate(client.get());
                    terminations++;
                }
                if (!held) {
                    topUp(client);
                    settledSince = System.nanoTime();
                }
                pause();
            }
        }

        /**
         * Tries once to open each slot still missing as the DBA: as many sessions as the client backends other than
         * {@code client}'s (being terminated) fall short of {@link #full}. A slot that an ordinary role is refused
         * while it is still listed as free is one that a reconnecting client's attempts keep contesting: each attempt
         * holds a slot while it authenticates and only then is refused, when not alone at that moment. The DBA is not
         * subject to that check and gets a slot whenever one is free at the instant it connects, also the slots of
         * terminated sessions as they exit, often before the client's reconnects; a slot the client wins back is
         * terminated in the next round. Once the terminated sessions have exited, the superuser-reserved slots are free.
         */
        private void topUp(Optional<String> client) throws SQLException {
            for (long missing = full - clientBackendsBesides(client); missing > 0; missing--) {
                try {
                    sessions.hold(dba.connect(APPLICATION_NAME));
                } catch (SQLException e) {
                    if (!Postgres.TOO_MANY_CONNECTIONS.equals(e.getSQLState())) {
                        throw e;
                    }
                    lastRefusal = e.getMessage();
                    sleep(RETRY);
                    return;
                }
            }
        }

        private long clientBackendsBesides(Optional<String> client) throws SQLException {
            if (client.isEmpty()) {
                return clientBackends();
            }
            return Postgres.count(control, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                    + " AND application_name IS DISTINCT FROM ?", client.get());
        }

        private long clientBackends() throws SQLException {
            return Postgres.count(control, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'");
        }

        private FaultNotEffectiveException notHeld(Optional<String> client, long clientSessions, long taken, int terminations) {
            if (clientSessions > 0) {
                return new FaultNotEffectiveException(name() + ": '" + client.orElseThrow() + "' still holds " + clientSessions
                        + " sessions after " + verifyWithin + " of terminating them (" + terminations + " times) and taking their slots");
            }
            if (taken < full) {
                return new FaultNotEffectiveException(name() + ": after " + verifyWithin + " only " + taken + " client sessions exist, fewer than the "
                        + full + " that max_connections " + max + " allows, yet new connections are refused (last: " + lastRefusal + "): the DBA user"
                        + " may not be a superuser, or another limit (a per-role or per-database connection limit?) refuses them");
            }
            return new FaultNotEffectiveException(name() + ": '" + client.orElseThrow() + "' had a session less than " + SETTLE
                    + " before the end of " + verifyWithin + " (terminated " + terminations + " times)");
        }

        private long sessionsOf(String client) throws SQLException {
            return Postgres.count(control, "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?", client);
        }

        /** Terminates every session of {@code client}. */
        private void terminate(String client) throws SQLException {
            // pg_terminate_backend in the select list, where it runs only on the rows the WHERE clause keeps (in the
            // WHERE clause itself the planner could call it before checking the name, terminating every session).
            Postgres.count(control, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?", client);
        }

        private void pause() {
            sleep(POLL);
        }

        private void sleep(Duration pause) {
            try {
                Thread.sleep(pause.toMillis());
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
