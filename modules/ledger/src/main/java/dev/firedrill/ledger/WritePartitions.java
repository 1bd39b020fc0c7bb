package dev.firedrill.ledger;

import java.util.concurrent.atomic.LongAdder;

/**
 * Release 2.0.0's write partitions: each new entry is assigned a partition before it is written, and the writes per
 * partition are exported ({@code ledger_write_partition_entries_total}) so an operator can see whether writes spread
 * evenly. The count comes from {@link Release#writePartitions()}.
 *
 * <p>THE DEFECT 2.0.0 SHIPS ON PURPOSE, for the bad-release drill: the partition is the last decimal digit of the
 * amount, as designed when there were ten partitions, but the release shrank them to eight and nobody changed the
 * routing. An amount ending in 8 or 9 indexes past the array: {@link ArrayIndexOutOfBoundsException}, unhandled, a
 * 500, before anything is written. About a fifth of real traffic (Firedrill's writer posts amount = its sequence
 * number); a test that only ever writes amounts like 100 or 120 never sees it.
 */
final class WritePartitions {

    /** Ten partitions: one per last digit of the amount. */
    private static final int ROUTING_DIGITS = 10;

    private final LongAdder[] entries;

    WritePartitions(int partitions) {
        entries = new LongAdder[partitions];
        for (int i = 0; i < partitions; i++) {
            entries[i] = new LongAdder();
        }
    }

    /** The partition of a new entry, counted. */
    int assign(long amount) {
        int partition = (int) Math.abs(amount % ROUTING_DIGITS);
        entries[partition].increment();
        return partition;
    }

    /** How many partitions there are. */
    int size() {
        return entries.length;
    }

    /** Entries assigned to {@code partition} so far. */
    long entries(int partition) {
        return entries[partition].sum();
    }
}
