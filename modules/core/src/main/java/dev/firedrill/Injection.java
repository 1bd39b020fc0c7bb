package dev.firedrill;

/**
 * An injected fault; {@link #close()} undoes it and may be called any number of times.
 */
@FunctionalInterface
public interface Injection extends AutoCloseable {

    /** Undoes the fault (idempotent); throws an unchecked exception naming the fault if it cannot. */
    @Override
    void close();
}
