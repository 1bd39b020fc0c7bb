package dev.firedrill.recovery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The server's WAL archive as a point-in-time recovery needs it: everything written so far archived.
 * {@link #switchAndAwaitArchived} closes the current WAL segment ({@code pg_switch_wal()}) and waits
 * until {@code pg_stat_archiver} shows it archived.
 */
final class WalArchive {

    /** How long the archiver may take for one segment. */
    static final Duration BOUND = Duration.ofSeconds(30);

    /** The segment closed and what pg_stat_archiver said once it was archived. */
    record Archived(String segment, String archiver) {
    }

    private WalArchive() {
    }

    /**
     * Switches to a new WAL segment and waits, within {@link #BOUND}, until the one just closed is archived.
     *
     * @throws IllegalStateException naming the segment and pg_stat_archiver's account when it is not archived in time
     */
    static Archived switchAndAwaitArchived(Statement session) throws SQLException, InterruptedException {
        String switched;
        try (ResultSet rs = session.executeQuery("SELECT pg_walfile_name(pg_switch_wal())")) {
            rs.next();
            switched = rs.getString(1);
        }
        long deadline = System.nanoTime() + BOUND.toNanos();
        String last = "(none)";
        while (System.nanoTime() < deadline) {
            try (ResultSet rs = session.executeQuery("SELECT archived_count, coalesce(last_archived_wal, ''), failed_count,"
                    + " coalesce(last_failed_wal, '') FROM pg_stat_archiver")) {
                rs.next();
                last = "archived " + rs.getLong(1) + " segments up to '" + rs.getString(2) + "', " + rs.getLong(3)
                        + " failures (last '" + rs.getString(4) + "')";
                if (rs.getString(2).compareTo(switched) >= 0) {
                    return new Archived(switched, last);
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("WAL segment " + switched + " was not archived within " + BOUND.toSeconds()
                + " s; pg_stat_archiver: " + last);
    }
}
