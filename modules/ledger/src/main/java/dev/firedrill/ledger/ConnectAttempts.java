package dev.firedrill.ledger;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The data source the pool opens physical connections with. It remembers whether the latest attempt
 * failed and why, so readiness can name the cause (refused, too many clients) while the pool is still
 * waiting; and it keeps retrying a failed attempt every {@code retryEvery} for up to {@code retryFor},
 * because HikariCP backs off between failed attempts up to 5 s, which would delay recovery by up to
 * 5 s after the database returns; retrying here gets a connection within about {@code retryEvery}.
 */
final class ConnectAttempts implements DataSource {

    private final DataSource target;
    private final long retryForNanos;
    private final long retryEveryMillis;
    private final AtomicReference<SQLException> lastFailure = new AtomicReference<>();
    private volatile boolean stopped;

    ConnectAttempts(DataSource target, Duration retryFor, Duration retryEvery) {
        this.target = target;
        this.retryForNanos = retryFor.toNanos();
        this.retryEveryMillis = retryEvery.toMillis();
    }

    /** The failure of the latest connection attempt, empty when it succeeded. */
    Optional<SQLException> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    /** Ends retrying, so that closing the pool does not wait for an attempt in progress. */
    void stop() {
        stopped = true;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return attempt(target::getConnection);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return attempt(() -> target.getConnection(username, password));
    }

    private interface Opening {
        Connection open() throws SQLException;
    }

    private Connection attempt(Opening opening) throws SQLException {
        long deadline = System.nanoTime() + retryForNanos;
        while (true) {
            try {
                Connection connection = opening.open();
                lastFailure.set(null);
                return connection;
            } catch (SQLException e) {
                lastFailure.set(e);
                if (stopped || System.nanoTime() + retryEveryMillis * 1_000_000 - deadline > 0) {
                    throw e;
                }
                try {
                    Thread.sleep(retryEveryMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return iface.isInstance(this) ? iface.cast(this) : target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || target.isWrapperFor(iface);
    }
}
