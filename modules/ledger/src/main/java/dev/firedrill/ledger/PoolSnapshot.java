package dev.firedrill.ledger;

/**
 * The database connection pool at one instant, as HikariCP's pool MXBean reports it.
 *
 * @param active connections lent to requests
 * @param idle connections waiting in the pool
 * @param pending threads waiting for a connection
 * @param total open connections (active plus idle)
 * @param max the configured pool size
 */
record PoolSnapshot(int active, int idle, int pending, int total, int max) {

    static final PoolSnapshot NOT_STARTED = new PoolSnapshot(0, 0, 0, 0, 0);

    /** Every connection is lent out and somebody is still waiting for one. */
    boolean exhausted() {
        return max > 0 && active >= max && pending > 0;
    }
}
