package dev.firedrill.selector;

import dev.firedrill.SystemUnderTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one candidate {@code by} names the leader now. Every candidate is asked; exactly one must lead. While none or
 * several do (an election under way), it asks again every 500 ms, for at most {@code within}; then it fails, saying
 * what each candidate answered.
 */
public record LeaderOf(List<String> candidates, LeaderCheck by, Duration within) implements TargetSelector {

    /** How long it asks again by default while no single leader answers. */
    public static final Duration DEFAULT_WITHIN = Duration.ofSeconds(10);

    public LeaderOf {
        candidates = AnyOf.distinct(candidates, "leader-of");
        java.util.Objects.requireNonNull(by, "leader-of needs 'by': how a candidate is asked whether it leads (http, sql or command)");
        if (within == null || within.isNegative()) {
            throw new IllegalArgumentException("leader-of: within must be zero or more, got " + within);
        }
    }

    @Override
    public String describe() {
        return "leader-of " + candidates + " by " + by.describe();
    }

    @Override
    public Resolution resolve(SystemUnderTest system) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            List<String> leaders = new ArrayList<>();
            List<String> answers = new ArrayList<>();
            for (String candidate : candidates) {
                LeaderCheck.Answer a = by.ask(system, candidate);
                answers.add(candidate + ": " + a.said());
                if (a.leads()) {
                    leaders.add(candidate);
                }
            }
            if (leaders.size() == 1) {
                return new Resolution(leaders.get(0), String.join("; ", answers));
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IllegalStateException(describe() + ": " + (leaders.isEmpty() ? "no candidate leads" : "several lead " + leaders)
                        + " after " + within.toSeconds() + " s of asking; answers: " + String.join("; ", answers));
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(describe() + ": interrupted while asking", e);
            }
        }
    }
}
