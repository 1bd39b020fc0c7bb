package dev.firedrill.measure;

/**
 * A background writer that records every write in its {@link OperationLedger} and can read back
 * what the store holds. Start it before the disruption, stop it after recovery, then analyse:
 * {@code LedgerAnalysis.fromTimeline(timeline, mode).analyse(writer.ledger().records(), writer.readBack())}.
 *
 * <p>Example: {@code try (SteadyWriter w = Writers.jdbcCanary(url, user, password, clock)) { w.start(); ... w.stop(); }}
 */
public interface SteadyWriter extends AutoCloseable {

    /** What it writes to, e.g. {@code "service http://127.0.0.1:32768"}. */
    String name();

    /** The ledger of every write so far. */
    OperationLedger ledger();

    /** Starts writing in the background; a second call is a misuse. */
    void start();

    /** Stops writing and waits (bounded by the request timeout) for the write in flight. Idempotent. */
    void stop();

    /** Reads back the ids present in the store (the database, never a cache). */
    ReadBack readBack();

    /** Stops and releases connections. Idempotent. */
    @Override
    void close();
}
