package dev.firedrill.measure;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a whole-system restore noted on the timeline ({@link #NOTE}): the backup set it restored, the set's point and the
 * instant the restored database answered before the service started, both on the database's clock, and the parts it
 * restored. Every entry created between the two ({@code created_at} in {@code (point, restoredAt)}) was written after the
 * set's point and before the restore: it must be gone from every part ({@code system-consistent}).
 *
 * <p>Example detail: {@code set system-20261208T011500.123Z.set; point 2026-12-08T01:15:00.456Z; restored-at
 * 2026-12-08T01:16:10.789Z; parts database, cache, files}.
 *
 * @param set        the set's manifest file
 * @param point      the set's point on the database's clock
 * @param restoredAt when the restored database answered, before the service started, on the database's clock
 * @param parts      the parts restored (database, cache, files)
 */
public record SystemRestoreRecord(String set, Instant point, Instant restoredAt, List<String> parts) {

    /** The timeline note's kind. */
    public static final String NOTE = "system-restore";
    private static final Pattern TEXT = Pattern.compile("set (\\S+); point (\\S+); restored-at (\\S+); parts (.+)");

    public SystemRestoreRecord {
        Objects.requireNonNull(set, "set");
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(restoredAt, "restoredAt");
        parts = List.copyOf(parts);
    }

    /** The note's detail. */
    public String text() {
        return "set " + set + "; point " + point + "; restored-at " + restoredAt + "; parts " + String.join(", ", parts);
    }

    /** The record a note's detail holds, or empty when it is not one. */
    public static Optional<SystemRestoreRecord> parse(String detail) {
        Matcher m = TEXT.matcher(detail == null ? "" : detail.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SystemRestoreRecord(m.group(1), Instant.parse(m.group(2)), Instant.parse(m.group(3)),
                    List.of(m.group(4).split(",\\s*"))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
