package dev.firedrill.release;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The revision chain as {@code alembic history} prints it ({@code 0003 -> 0004 (head), Drops ...}), read to tell which
 * way a revision id lies from the current revision: below it (a downgrade) or not (an upgrade).
 */
final class MigrationHistory {

    private static final Pattern LINK = Pattern.compile("^(\\S+) -> (\\S+?)(?: \\([^)]*\\))*,.*$", Pattern.MULTILINE);

    /** Revision to the revision below it ({@code null} below the baseline). */
    private final Map<String, String> down;

    private MigrationHistory(Map<String, String> down) {
        this.down = down;
    }

    /** Reads the output of {@code alembic history} (log lines around it are skipped). */
    static MigrationHistory parse(String output) {
        Map<String, String> down = new LinkedHashMap<>();
        Matcher m = LINK.matcher(output);
        while (m.find()) {
            down.put(m.group(2), m.group(1).equals("<base>") ? null : m.group(1));
        }
        return new MigrationHistory(down);
    }

    /**
     * Which way {@code target} lies from {@code current} ({@link MigrationRunner#BASE} for none): a downgrade when it is
     * below the current revision, else an upgrade (also for a revision the history does not know, which alembic refuses
     * with its own message).
     */
    MigrationTarget.Direction directionTo(String target, String current) {
        for (String r = down.get(current); r != null; r = down.get(r)) {
            if (r.equals(target)) {
                return MigrationTarget.Direction.DOWNGRADE;
            }
        }
        return MigrationTarget.Direction.UPGRADE;
    }
}
