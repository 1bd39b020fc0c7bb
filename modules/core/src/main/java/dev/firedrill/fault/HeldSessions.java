package dev.firedrill.fault;

import dev.firedrill.access.Postgres;

import dev.firedrill.FaultNotEffectiveException;
import dev.firedrill.Injection;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The database sessions a fault holds open to do its harm. Closing them is the fault's undo: it runs
 * once, however often it is called, and closes every session added so far.
 */
final class HeldSessions implements Injection {

    private final List<Connection> sessions = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Holds {@code session} until {@link #close()}; returns it for chaining. Once closed (reverted by a stop while
     * the fault was still opening sessions), closes {@code session} at once and throws, ending the injection.
     */
    Connection hold(Connection session) {
        sessions.add(session);
        if (closed.get()) {
            sessions.forEach(Postgres::closeQuietly);
            throw new FaultNotEffectiveException("its sessions were closed (reverted by a stop or an abort) while it was still opening them");
        }
        return session;
    }

    int size() {
        return sessions.size();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            sessions.forEach(Postgres::closeQuietly);
        }
    }
}
