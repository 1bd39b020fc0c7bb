package dev.firedrill.recovery;

import dev.firedrill.Recovery;
import dev.firedrill.SystemUnderTest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Promote a standby to primary (seed 000 §Complete Service Failure: "switch to backup"): checks it is
 * a standby, records the last WAL position it received and replayed, and promotes it with
 * {@code pg_promote(wait => true)}. What it had not received is lost: the output names that position.
 */
record PromoteReplica(String replica) implements Recovery {

    @Override
    public java.util.Optional<RestoreTarget> restoresInto() {
        return java.util.Optional.of(new RestoreTarget(replica,
                "the standby that was streaming from the primary, promoted: a separate server with its own data volume"));
    }

    @Override
    public String name() {
        return "promote replica(" + replica + ")";
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireProtocol(replica, "postgres", name());
    }

    @Override
    public String run(SystemUnderTest system) {
        validate(system);
        PostgresLogin login = PostgresLogin.of(system, replica);
        String step = "connect to " + replica;
        try (Connection c = login.connect(system, replica); Statement s = c.createStatement()) {
            step = "check it is a standby";
            String received;
            String replayed;
            try (ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new IllegalStateException(replica + " is not a standby (pg_is_in_recovery() is false)");
                }
                received = rs.getString(2);
                replayed = rs.getString(3);
            }
            if (received == null) {
                throw new IllegalStateException(replica + " never received WAL by streaming (pg_last_wal_receive_lsn() is null)");
            }
            step = "pg_promote";
            try (ResultSet rs = s.executeQuery("SELECT pg_promote(true, 60)")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new IllegalStateException("pg_promote did not finish within 60 s");
                }
            }
            return replica + " promoted; it had received WAL up to " + received + " and replayed up to " + replayed;
        } catch (SQLException | RuntimeException e) {
            throw new IllegalStateException(name() + ": step '" + step + "' failed: " + e.getMessage(), e);
        }
    }
}
