package dev.firedrill.toxiproxy.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * One toxic attached to one link (one connection, one direction). Holds the per-link state that
 * survives updates (bytes counted by limit_data) and the toxicity roll.
 */
final class Stage {
    /** Position in the chain: stages are only appended or removed, so order is by sequence. */
    final long sequence;
    volatile ToxicSpec spec;
    /** Whether the toxicity roll made this toxic act on this link (else it passes data through). */
    volatile boolean active;
    /** Bumped whenever the toxic restarts (update, neighbour added or removed): waits in it end at once. */
    volatile long restarts;
    volatile boolean removed;

    /** limit_data: bytes forwarded since it was attached. Kept across restarts. */
    long forwarded;
    /** bandwidth: time owed for bytes already let through, carried from chunk to chunk. */
    long bandwidthDebtNanos;
    /** timeout: when the last chunk arrived, or when the toxic (re)started. */
    volatile long idleSince;

    Stage(long sequence, ToxicSpec spec) {
        this.sequence = sequence;
        this.spec = spec;
        restart();
    }

    /** Starts the toxic again on this link: new toxicity roll, timers from now. Caller holds the link lock. */
    void restart() {
        float toxicity = spec.toxicity();
        active = toxicity > 0 && ThreadLocalRandom.current().nextFloat() < toxicity;
        restarts++;
        bandwidthDebtNanos = 0;
        idleSince = System.nanoTime();
    }
}
