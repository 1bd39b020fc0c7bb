package dev.firedrill.fault;

import dev.firedrill.Injection;

import java.time.Instant;

/**
 * A bad change that happened: when (the server's clock just before it, for a point-in-time recovery
 * target), the WAL position then, and how many rows it touched. It cannot be undone by closing it:
 * the fix is a recovery (e.g. a point-in-time restore), so {@link #close()} does nothing.
 */
public record DataChange(String description, Instant before, String walPositionBefore, long rows) implements Injection {

    @Override
    public void close() {
        // a committed change is undone by a recovery procedure, not by the fault
    }
}
