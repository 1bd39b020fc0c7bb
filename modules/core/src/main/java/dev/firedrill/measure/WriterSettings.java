package dev.firedrill.measure;

import java.time.Duration;
import java.util.Objects;

/**
 * How a steady writer writes: one write every {@code interval} (one at a time; a slow write delays
 * the next), each bounded by {@code requestTimeout}.
 *
 * <p>Example: {@code WriterSettings.defaults().withInterval(Duration.ofMillis(50))}.
 */
public record WriterSettings(Duration interval, Duration requestTimeout) {

    /** The fastest write rate a writer accepts. */
    public static final Duration MIN_INTERVAL = Duration.ofMillis(5);

    /** Validates. */
    public WriterSettings {
        Objects.requireNonNull(interval, "WriterSettings.interval must not be null");
        Objects.requireNonNull(requestTimeout, "WriterSettings.requestTimeout must not be null");
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("WriterSettings.interval must be at least " + MIN_INTERVAL + ", was "
                    + interval);
        }
        if (requestTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("WriterSettings.requestTimeout must be at least 1 ms, was "
                    + requestTimeout);
        }
    }

    /** One write every 100 ms, 2 s timeout per write. */
    public static WriterSettings defaults() {
        return new WriterSettings(Duration.ofMillis(100), Duration.ofSeconds(2));
    }

    /** These settings with another interval. */
    public WriterSettings withInterval(Duration d) {
        return new WriterSettings(d, requestTimeout);
    }

    /** These settings with another request timeout. */
    public WriterSettings withRequestTimeout(Duration d) {
        return new WriterSettings(interval, d);
    }
}
