package dev.firedrill.ledger;

import java.util.random.RandomGenerator;

/**
 * The share of {@code /entries} requests a deliberately bad release answers with 500
 * ({@code LEDGER_FAIL_RATE}); {@code new FailRate(0.3, new Random(42))} makes tests repeatable.
 *
 * @param rate from 0.0 (never) to 1.0 (always)
 * @param random where the decisions come from
 */
record FailRate(double rate, RandomGenerator random) {

    FailRate {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("fail rate " + rate + " is not valid: expected a number from 0.0 to 1.0");
        }
    }

    /** Whether the next request is to fail. */
    boolean nextFails() {
        if (rate == 0.0) {
            return false;
        }
        if (rate == 1.0) {
            return true;
        }
        synchronized (random) {
            return random.nextDouble() < rate;
        }
    }

    /** Which requests may be failed on purpose: the ledger's business routes, never health, readiness or metrics. */
    static boolean applies(String path) {
        return path.equals("/entries") || path.startsWith("/entries/");
    }
}
