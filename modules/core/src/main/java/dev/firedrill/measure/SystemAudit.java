package dev.firedrill.measure;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the three parts of a restored system hold, as {@code system-consistent} judges it: the entries the service keeps
 * in Redis ({@code ledger:entry:<id>}), its receipts (application files) and the database's {@code entries}, read when
 * the drill ends.
 *
 * @param cached          entries cached in Redis
 * @param cachedMissing   cached entries the database does not hold
 * @param cachedDiffering cached entries the database holds with another seq or amount
 * @param receipts        receipts in the service's application files
 * @param receiptsMissing receipts of entries the database does not hold
 * @param newerDatabase   entries in the database created after the set's point and before the restore
 * @param newerCache      such entries in Redis
 * @param newerFiles      such entries' receipts
 * @param examples        a few of the ids at fault, for the report (may be empty)
 */
public record SystemAudit(long cached, long cachedMissing, long cachedDiffering, long receipts, long receiptsMissing,
        long newerDatabase, long newerCache, long newerFiles, String examples) {

    private static final Pattern TEXT = Pattern.compile("cached (\\d+) \\(not in the database (\\d+), differing (\\d+)\\);"
            + " receipts (\\d+) \\(not in the database (\\d+)\\); newer than the point: database (\\d+), cache (\\d+), files (\\d+)(?:; e\\.g\\. (.*))?");

    /** Every inconsistency counted once per part it was found in. */
    public long inconsistencies() {
        return cachedMissing + cachedDiffering + receiptsMissing + newerDatabase + newerCache + newerFiles;
    }

    /** Whether the parts agree: nothing cached or filed that the database lacks, nothing newer than the point anywhere. */
    public boolean consistent() {
        return inconsistencies() == 0;
    }

    /** The audit note's text, which {@link #parse} reads back. */
    public String text() {
        return "cached " + cached + " (not in the database " + cachedMissing + ", differing " + cachedDiffering + "); receipts "
                + receipts + " (not in the database " + receiptsMissing + "); newer than the point: database " + newerDatabase
                + ", cache " + newerCache + ", files " + newerFiles + (examples.isBlank() ? "" : "; e.g. " + examples);
    }

    /** The audit a note's text holds, or empty when it is not one (e.g. "unreadable: ..."). */
    public static Optional<SystemAudit> parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        List<Long> n = java.util.stream.IntStream.rangeClosed(1, 8).mapToObj(i -> Long.parseLong(m.group(i))).toList();
        return Optional.of(new SystemAudit(n.get(0), n.get(1), n.get(2), n.get(3), n.get(4), n.get(5), n.get(6), n.get(7),
                m.group(9) == null ? "" : m.group(9)));
    }
}
