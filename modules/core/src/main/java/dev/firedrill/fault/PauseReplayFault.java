package dev.firedrill.fault;

import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;
import dev.firedrill.Leftover;
import dev.firedrill.capability.SqlSessions;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Replication lag on a streaming replica: its WAL replay is paused ({@code pg_wal_replay_pause()}), so
 * it keeps receiving the primary's WAL but applies none of it and its data falls behind. Takes effect
 * when the replica reports replay {@code paused}; undo resumes replay ({@code pg_wal_replay_resume()}).
 * A server that is not a standby is a misuse, named before anything is done.
 */
record PauseReplayFault(String service) implements PostgresFault {

    private static final String APPLICATION_NAME = "firedrill-pause-replay";

    PauseReplayFault {
        Faults.requireService(service, "pauseReplay");
    }

    @Override
    public String name() {
        return "pauseReplay(" + service + ")";
    }

    @Override
    public Leftover leftover() {
        return Leftover.byHand("WAL replay stays paused on " + service + " until someone runs SELECT pg_wal_replay_resume() there");
    }

    @Override
    public Injection injectInto(SqlSessions sql) {
        try (Connection session = sql.connect(service, APPLICATION_NAME)) {
            if (!isStandby(session)) {
                throw new IllegalArgumentException(name() + ": '" + service + "' is not a standby (pg_is_in_recovery() is false): "
                        + "only a streaming replica has a replay to pause; make it one first (Backups.streamingReplica)");
            }
            execute(session, "SELECT pg_wal_replay_pause()");
            String state = replayState(session);
            if (!"paused".equals(state) && !"pause requested".equals(state)) {
                throw new FaultNotEffectiveException(name() + ": replay state is '" + state + "' after pg_wal_replay_pause()");
            }
        } catch (SQLException e) {
            throw FaultException.of(name(), service, "pause WAL replay", e);
        }
        AtomicBoolean undone = new AtomicBoolean();
        return () -> {
            if (undone.compareAndSet(false, true)) {
                try (Connection session = sql.connect(service, APPLICATION_NAME + "-undo")) {
                    if (isStandby(session)) {   // a promoted replica has no replay left to resume
                        execute(session, "SELECT pg_wal_replay_resume()");
                    }
                } catch (SQLException e) {
                    throw FaultException.of(name(), service, "resume WAL replay", e);
                }
            }
        };
    }

    /** {@code not paused}, {@code pause requested} or {@code paused} (PostgreSQL 14+). */
    static String replayState(Connection session) throws SQLException {
        try (Statement st = session.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_get_wal_replay_pause_state()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean isStandby(Connection session) throws SQLException {
        try (Statement st = session.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static void execute(Connection session, String sql) throws SQLException {
        try (Statement st = session.createStatement()) {
            st.execute(sql);
        }
    }
}
