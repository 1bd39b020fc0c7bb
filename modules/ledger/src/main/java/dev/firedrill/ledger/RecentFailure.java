package dev.firedrill.ledger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Remembers why the latest write to a dependency failed, until a later write succeeds or the memory
 * expires, so that readiness can name causes only writes reveal (a full disk, a read-only server,
 * a cache out of memory) even though its own check only reads.
 */
final class RecentFailure {

    private record Failure(String reason, long atNanos) {
    }

    private final AtomicReference<Failure> latest = new AtomicReference<>();
    private final long keepNanos;
    private final LongSupplier nanoTime;

    RecentFailure(Duration keep, LongSupplier nanoTime) {
        this.keepNanos = keep.toNanos();
        this.nanoTime = nanoTime;
    }

    void failed(String reason) {
        latest.set(new Failure(reason, nanoTime.getAsLong()));
    }

    void succeeded() {
        latest.set(null);
    }

    /** The reason of the latest failed write if no write succeeded since and it is recent enough. */
    Optional<String> reason() {
        Failure failure = latest.get();
        if (failure == null || nanoTime.getAsLong() - failure.atNanos() > keepNanos) {
            return Optional.empty();
        }
        return Optional.of(failure.reason());
    }
}
