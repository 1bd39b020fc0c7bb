package dev.firedrill.ledger;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The data source the pool opens physical connections with; it remembers whether the latest attempt
 * failed and why, so readiness can name the cause (refused, too many clients) while the pool is
 * still waiting.
 */
final class ConnectAttempts implements DataSource {

    private final DataSource target;
    private final AtomicReference<SQLException> lastFailure = new AtomicReference<>();

    ConnectAttempts(DataSource target) {
        this.target = target;
    }

    /** The failure of the latest connection attempt, empty when it succeeded. */
    Optional<SQLException> lastFailure() {
        return Optional.ofNullable(lastFailure.get());
    }

    @Override
    public Connection getConnection() throws SQLException {
        try {
            Connection connection = target.getConnection();
            lastFailure.set(null);
            return connection;
        } catch (SQLException e) {
            lastFailure.set(e);
            throw e;
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        try {
            Connection connection = target.getConnection(username, password);
            lastFailure.set(null);
            return connection;
        } catch (SQLException e) {
            lastFailure.set(e);
            throw e;
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
