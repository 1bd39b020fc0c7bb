package dev.firedrill.stack;

import java.time.Duration;
import java.util.List;

/**
 * A Compose healthcheck: {@code test} as Docker takes it ({@code ["CMD", ...]} or {@code ["CMD-SHELL", "..."]}).
 */
public record Healthcheck(List<String> test, Duration interval, Duration timeout, int retries, Duration startPeriod) {

    public Healthcheck {
        test = List.copyOf(test);
        if (test.isEmpty() || !(test.get(0).equals("CMD") || test.get(0).equals("CMD-SHELL"))) {
            throw new IllegalArgumentException("healthcheck test must start with CMD or CMD-SHELL, got " + test);
        }
        if (retries < 1) {
            throw new IllegalArgumentException("healthcheck retries must be at least 1, got " + retries);
        }
    }

    /** The longest a service may take to become healthy under this check. */
    public Duration budget() {
        return startPeriod.plus(interval.plus(timeout).multipliedBy(retries));
    }
}
