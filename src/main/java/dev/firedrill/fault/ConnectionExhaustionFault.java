package dev.firedrill.fault;

import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.SystemUnderTest;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Idle and idle-in-transaction sessions take every free connection slot, up to {@code max_connections}.
 * With {@link #terminating}, the named client's sessions (by {@code application_name}) are terminated and
 * their slots taken too, so that it must reconnect and cannot. Takes effect when a new connection is refused
 * with "too many clients" (SQLSTATE 53300) and the named client holds no session, within {@code verifyWithin}.
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
            Connection control = Postgres.connect(system, service, APPLICATION_NAME + "-control");
            sessions.hold(control);
            long max = Postgres.count(control, "SELECT setting::bigint FROM pg_settings WHERE name = 'max_connections'");
            String password = java.util.UUID.randomUUID().toString();
            if (role.isPresent()) {
                try (Statement st = control.createStatement()) {
                    st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role.get() + "') THEN CREATE ROLE "
                            + role.get() + " LOGIN NOSUPERUSER; END IF; END $$");
                    st.execute("ALTER ROLE " + role.get() + " LOGIN NOSUPERUSER PASSWORD '" + password + "'");
                }
            }
            Opener open = appName -> role.isPresent()
                    ? Postgres.connect(system, service, appName, role.get(), password)
                    : Postgres.connect(system, service, appName);
            long deadline = System.nanoTime() + verifyWithin.toNanos();
            String refusal = fill(open, sessions, max);
            long clientSessions = 0;
            while (terminatedClient.isPresent()) {
                clientSessions = Postgres.count(control, "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?", terminatedClient.get());
                if (clientSessions == 0 || System.nanoTime() - deadline > 0) {
                    break;
                }
                Postgres.count(control, "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?",
                        terminatedClient.get());
                refusal = fill(open, sessions, max);
            }
            if (clientSessions > 0) {
                throw new FaultNotEffectiveException(name() + ": '" + terminatedClient.get() + "' still holds " + clientSessions
                        + " sessions after " + verifyWithin + " of terminating them and taking their slots");
            }
            String confirmed = tryConnect(open);
            if (confirmed == null) {
                throw new FaultNotEffectiveException(name() + ": a new connection was still accepted after " + (sessions.size())
                        + " sessions (max_connections " + max + "); last refusal: " + refusal);
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

    @FunctionalInterface
    private interface Opener {
        Connection connect(String applicationName) throws SQLException;
    }

    /** Opens sessions until one is refused with SQLSTATE 53300; returns that refusal's message. */
    private String fill(Opener open, HeldSessions sessions, long max) throws SQLException {
        for (long attempt = 0; attempt <= max + 10; attempt++) {
            Connection session;
            try {
                session = open.connect(APPLICATION_NAME);
            } catch (SQLException e) {
                if (Postgres.TOO_MANY_CONNECTIONS.equals(e.getSQLState())) {
                    return e.getMessage();
                }
                throw e;
            }
            sessions.hold(session);
            if (sessions.size() % 2 == 0) {
                session.setAutoCommit(false);   // every other one idle in transaction
            }
            try (Statement st = session.createStatement()) {
                st.execute("SELECT 1");
            }
        }
        throw new FaultNotEffectiveException(name() + ": " + (max + 10) + " more sessions were accepted with max_connections " + max);
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
