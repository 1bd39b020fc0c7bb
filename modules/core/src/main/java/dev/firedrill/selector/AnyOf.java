package dev.firedrill.selector;

import dev.firedrill.SystemUnderTest;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * One of the candidates, picked at random when the step acts: chaos-style ("kill any one instance"). With a
 * {@code seed} the pick is the same every run; without one a fresh seed is drawn each time and recorded, so the
 * run can be replayed with it.
 */
public record AnyOf(List<String> candidates, Long seed) implements TargetSelector {

    public AnyOf {
        candidates = distinct(candidates, "any-of");
    }

    @Override
    public String describe() {
        return "any-of " + candidates + (seed == null ? "" : " with seed " + seed);
    }

    @Override
    public Resolution resolve(SystemUnderTest system) {
        long used = seed != null ? seed : new SecureRandom().nextLong();
        String picked = candidates.get(new Random(used).nextInt(candidates.size()));
        return new Resolution(picked, "picked with seed " + used + (seed == null ? " (drawn; write seed: " + used + " to pick it again)" : ""));
    }

    /** {@code candidates} checked: at least one, no name twice, none blank. */
    static List<String> distinct(List<String> candidates, String what) {
        if (candidates == null || candidates.isEmpty()) {
            throw new IllegalArgumentException(what + " names the candidate services, e.g. [pg1, pg2, pg3]");
        }
        Set<String> seen = new HashSet<>();
        for (String c : candidates) {
            if (c == null || c.isBlank()) {
                throw new IllegalArgumentException(what + ": a candidate is blank in " + candidates);
            }
            if (!seen.add(c)) {
                throw new IllegalArgumentException(what + ": '" + c + "' is named twice in " + candidates);
            }
        }
        return List.copyOf(candidates);
    }
}
