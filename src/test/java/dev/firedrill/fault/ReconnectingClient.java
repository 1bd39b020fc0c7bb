package dev.firedrill.fault;

import dev.firedrill.SystemUnderTest;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A database client that reconnects as soon as it can, like a pool retrying without back-off: each of its
 * threads holds one session, pings it every 20 ms, and on losing it (or being refused) tries again at once.
 */
final class ReconnectingClient implements AutoCloseable {

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong failedAttempts = new AtomicLong();
    private volatile boolean stopped;

    ReconnectingClient(SystemUnderTest system, String applicationName, String user, String password, int sessions) {
        for (int i = 0; i < sessions; i++) {
            Thread thread = new Thread(() -> keepConnected(system, applicationName, user, password), applicationName + "-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Connection attempts refused or sessions lost so far. */
    long failedAttempts() {
        return failedAttempts.get();
    }

    private void keepConnected(SystemUnderTest system, String applicationName, String user, String password) {
        while (!stopped) {
            try (Connection session = system.require(dev.firedrill.capability.SqlSessions.class, "a reconnecting client").connect("postgres", applicationName, user, password);
                 Statement ping = session.createStatement()) {
                while (!stopped) {
                    ping.execute("SELECT 1");
                    Thread.sleep(20);
                }
            } catch (SQLException e) {
                failedAttempts.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Thread thread : threads) {
            thread.interrupt();
            thread.join(10_000);
        }
    }
}
