package dev.firedrill.ledger;

import java.util.Arrays;
import java.util.List;

/**
 * The releases of the service and what each one does differently: the only place that knows it. The version is baked
 * into each image ({@code firedrill/ledger:1.0.1} sets {@code LEDGER_VERSION=1.0.1}); the table of schema revisions
 * each release works on is in docs/reference-service.md.
 *
 * <ul>
 *   <li>1.0.0: entries without a currency; reads and returns {@code created_at} (schema revisions 0001 to 0003).</li>
 *   <li>1.0.1: also writes and returns {@code currency}, so it needs revision 0002 (0002 and 0003).</li>
 *   <li>2.0.0: no longer reads {@code created_at} (0002 to 0004), and spreads writes over
 *       {@link WritePartitions}, which carries the defect this release ships on purpose for the bad-release drill.</li>
 * </ul>
 */
public enum Release {

    V1_0_0("1.0.0", false, true, 0),
    V1_0_1("1.0.1", true, true, 0),
    V2_0_0("2.0.0", true, false, 8);

    /** The release an image without {@code LEDGER_VERSION} runs: what the service did before it had versions. */
    static final Release DEFAULT = V1_0_0;

    private final String version;
    private final boolean currency;
    private final boolean createdAt;
    private final int writePartitions;

    Release(String version, boolean currency, boolean createdAt, int writePartitions) {
        this.version = version;
        this.currency = currency;
        this.createdAt = createdAt;
        this.writePartitions = writePartitions;
    }

    /** e.g. {@code 1.0.1}. */
    public String version() {
        return version;
    }

    /** Whether entries carry a {@code currency} (request field, column, answer field): needs schema revision 0002. */
    boolean currency() {
        return currency;
    }

    /** Whether entries are read and answered with {@code created_at}: fails once revision 0004 dropped the column. */
    boolean createdAt() {
        return createdAt;
    }

    /** How many write partitions the write path spreads entries over; 0: none. */
    int writePartitions() {
        return writePartitions;
    }

    /** The versions there are, e.g. {@code [1.0.0, 1.0.1, 2.0.0]}. */
    public static List<String> versions() {
        return Arrays.stream(values()).map(Release::version).toList();
    }

    /** The release of a version string; unknown: an error naming the setting and the valid versions. */
    public static Release of(String version, String setting) {
        return Arrays.stream(values()).filter(r -> r.version.equals(version)).findFirst()
                .orElseThrow(() -> new LedgerConfigException(setting, version, "one of the versions " + versions()
                        + " (default " + DEFAULT.version + ")"));
    }

    @Override
    public String toString() {
        return version;
    }
}
