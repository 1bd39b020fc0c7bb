package dev.firedrill.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of {@code total} parts of a suite ({@code ./drill run regression --shard 2/4}, or {@code -Ddrill.shard=2/4}): which
 * drills fall to it is {@link ShardPlan}'s decision, the same on every runner for the same inputs.
 *
 * @param index 1 to {@code total}
 * @param total how many shards the suite is cut into, 1 or more
 */
public record Shard(int index, int total) {

    /** The system property the engine reads ({@code -Ddrill.shard} in Maven sets it). */
    public static final String PROPERTY = "firedrill.shard";

    private static final Pattern FORM = Pattern.compile("(\\d{1,6})/(\\d{1,6})");

    public Shard {
        if (total < 1 || index < 1 || index > total) {
            throw new IllegalArgumentException("shard " + index + "/" + total + " does not exist: " + valid(total));
        }
    }

    /** {@code "2/4"} → shard 2 of 4; anything else is an error naming what is valid. */
    public static Shard parse(String text) {
        String t = text == null ? "" : text.strip();
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + t + "' is not a shard: write K/N, the K-th of N shards (1 ≤ K ≤ N), e.g. 2/4");
        }
        int index = Integer.parseInt(m.group(1));
        int total = Integer.parseInt(m.group(2));
        if (total < 1 || index < 1 || index > total) {
            throw new IllegalArgumentException("'" + t + "' is not a shard: " + valid(total));
        }
        return new Shard(index, total);
    }

    private static String valid(int total) {
        return total < 1 ? "N must be 1 or more, and K from 1 to N (e.g. 2/4)"
                : "K must be from 1 to " + total + " (1/" + total + " ... " + total + "/" + total + ")";
    }

    @Override
    public String toString() {
        return index + "/" + total;
    }
}
