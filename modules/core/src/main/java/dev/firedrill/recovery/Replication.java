package dev.firedrill.recovery;


import dev.firedrill.SystemUnderTest;


import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a PostgreSQL server committed after a WAL position, read from its own WAL: the independent check of
 * an asynchronous failover (D11). A standby that had received WAL up to {@code lsn} (its
 * {@code pg_last_wal_receive_lsn()}) and was promoted holds every transaction whose commit record ends at or
 * before {@code lsn}, and none whose commit record ends after it; the old primary, restarted, still holds
 * all of them (crash recovery keeps commits). So the rows the old primary committed after {@code lsn} are
 * exactly the rows the failover lost.
 *
 * <p>Example: {@code Replication.rowsCommittedAfter(stack, "postgres", "entries", "id", "0/3000148")}
 */
public final class Replication {

    private static final String IDENTIFIER = "[a-z_][a-z0-9_]*";

    private Replication() {
    }

    /**
     * The values of {@code idColumn} of the rows of {@code table} on {@code service} (reached directly, bypassing
     * the fault proxy: after a failover the proxy leads to the new primary) inserted by a transaction whose commit
     * record ends after {@code lsn}, ascending. Reads the server's WAL from the start of the segment holding
     * {@code lsn} to its flushed end with {@code pg_walinspect} (PostgreSQL 15+, created if missing), takes the
     * {@code COMMIT} records ending after {@code lsn}, and joins their transaction ids to the rows' {@code xmin}.
     * Needs the WAL since that segment still on the server (the failover stack keeps 256 MB of it, wal_keep_size) and
     * rows inserted and never updated since (a row's {@code xmin} is the transaction that wrote its current version).
     *
     * @throws IllegalStateException naming the step and the server's message when the server cannot tell
     */
    public static List<String> rowsCommittedAfter(SystemUnderTest system, String service, String table, String idColumn, String lsn) {
        if (table == null || !table.matches(IDENTIFIER) || idColumn == null || !idColumn.matches(IDENTIFIER)) {
            throw new IllegalArgumentException("table and column must be plain lower-case SQL names (" + IDENTIFIER
                    + "), were '" + table + "' and '" + idColumn + "'");
        }
        if (lsn == null || !lsn.matches("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}")) {
            throw new IllegalArgumentException("lsn must be a WAL position like 0/3000148, was '" + lsn + "'");
        }
        PostgresLogin login = PostgresLogin.of(system, service);
        String step = "connect to " + service + " directly";
        try (Connection c = login.connectDirect(system, service);
             Statement s = c.createStatement()) {
            step = "check " + service + " is a primary";
            try (ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    throw new IllegalStateException(service + " is in recovery: its WAL end is not its own");
                }
            }
            step = "create extension pg_walinspect";
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_walinspect");
            step = "read the commit records after " + lsn;
            // From the start of lsn's segment (a valid place to look for the first record): a commit record that began
            // before lsn and ended after it was not received whole, so it is lost too.
            String sql = "WITH bounds AS (SELECT ?::pg_lsn AS received,"
                    + " ?::pg_lsn - (pg_walfile_name_offset(?::pg_lsn)).file_offset AS segment_start,"
                    + " pg_current_wal_flush_lsn() AS flushed),"
                    + " commits AS (SELECT r.xid FROM bounds b, pg_get_wal_records_info(b.segment_start, b.flushed) r"
                    + " WHERE b.flushed > b.segment_start AND r.resource_manager = 'Transaction'"
                    + " AND r.record_type IN ('COMMIT', 'COMMIT_PREPARED') AND r.end_lsn > b.received)"
                    + " SELECT t." + idColumn + "::text FROM " + table + " t WHERE t.xmin IN (SELECT xid FROM commits) ORDER BY 1";
            List<String> ids = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement(sql)) {
                q.setString(1, lsn);
                q.setString(2, lsn);
                q.setString(3, lsn);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        } catch (SQLException | RuntimeException e) {
            throw new IllegalStateException("rows of " + table + " committed on " + service + " after " + lsn + ": step '" + step
                    + "' failed: " + e.getMessage(), e);
        }
    }
}
