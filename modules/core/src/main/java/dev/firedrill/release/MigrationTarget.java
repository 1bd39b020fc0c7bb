package dev.firedrill.release;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a migration goes, as alembic takes it: {@code head} (the newest revision), {@code base} (no revision), a
 * revision id ({@code 0003}) or a step relative to the current revision ({@code -1}, {@code +2}). Checked when the
 * drill is read, so a typo is refused before anything runs; whether a revision id exists is alembic's to say.
 *
 * @param to the target as written
 */
public record MigrationTarget(String to) {

    /** What {@code to} may be, for messages. */
    public static final String VALID = "head, base, a revision id (letters, digits and '_', e.g. 0003) or a step relative to the"
            + " current revision (-1, +1, ...)";

    private static final Pattern REVISION = Pattern.compile("[0-9A-Za-z_]{1,32}");
    private static final Pattern RELATIVE = Pattern.compile("[+-][1-9][0-9]{0,2}");

    /** Which way alembic moves: the command word. */
    public enum Direction {
        UPGRADE, DOWNGRADE;

        /** {@code upgrade} or {@code downgrade}, as alembic's command names it. */
        public String command() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The direction a drill file's {@code direction} names. */
        public static Direction of(String word) {
            for (Direction d : values()) {
                if (d.command().equals(word)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("direction '" + word + "' is not valid; valid: upgrade, downgrade");
        }
    }

    /** Checks {@code to}. */
    public MigrationTarget {
        if (to == null || to.isBlank()) {
            throw new IllegalArgumentException("a migration needs a target ('to'): " + VALID);
        }
        to = to.strip();
        if (!to.equals("head") && !to.equals("base") && !RELATIVE.matcher(to).matches() && !REVISION.matcher(to).matches()) {
            throw new IllegalArgumentException("'to' is '" + to + "', which is no migration target; valid: " + VALID);
        }
    }

    /** Whether it is a revision id (neither head, base nor a relative step). */
    public boolean isRevision() {
        return !to.equals("head") && !to.equals("base") && !RELATIVE.matcher(to).matches();
    }

    /**
     * The direction the target alone tells: {@code head} and {@code +N} go up, {@code base} and {@code -N} down; empty
     * for a revision id, which may lie either way of the current revision.
     */
    public Optional<Direction> impliedDirection() {
        if (to.equals("head") || to.startsWith("+")) {
            return Optional.of(Direction.UPGRADE);
        }
        if (to.equals("base") || to.startsWith("-")) {
            return Optional.of(Direction.DOWNGRADE);
        }
        return Optional.empty();
    }

    /** {@code direction} when given (checked against the target), else the one the target implies, if any. */
    Optional<Direction> direction(Direction given) {
        Optional<Direction> implied = impliedDirection();
        if (given != null && implied.isPresent() && implied.get() != given) {
            throw new IllegalArgumentException("'to: " + to + "' is " + (implied.get() == Direction.UPGRADE ? "an upgrade" : "a downgrade")
                    + ", but 'direction' says " + given.command() + "; leave 'direction' out, or give a target of that direction");
        }
        return given != null ? Optional.of(given) : implied;
    }

    @Override
    public String toString() {
        return to;
    }
}
