package dev.firedrill.measure;

import java.util.Arrays;
import java.util.Collection;

/**
 * The operation ids found in the database after the drill, with multiplicity (an id present twice
 * is a duplicate). Immutable; stored as a sorted array.
 *
 * <p>Example: {@code ReadBack.of(1, 2, 2, 4)}.
 */
public final class ReadBack {

    private final long[] sorted;

    private ReadBack(long[] sorted) {
        this.sorted = sorted;
    }

    /** A read-back of the given ids (repeats are duplicates). */
    public static ReadBack of(long... ids) {
        long[] copy = ids.clone();
        Arrays.sort(copy);
        return new ReadBack(copy);
    }

    /** A read-back of the given ids (repeats are duplicates). */
    public static ReadBack of(Collection<Long> ids) {
        long[] a = new long[ids.size()];
        int i = 0;
        for (Long id : ids) {
            a[i++] = id;
        }
        Arrays.sort(a);
        return new ReadBack(a);
    }

    /** A builder that collects ids one by one (e.g. while paging through a table). */
    public static Builder builder() {
        return new Builder();
    }

    /** How many times {@code id} is present. */
    public int count(long id) {
        int i = Arrays.binarySearch(sorted, id);
        if (i < 0) {
            return 0;
        }
        int lo = i;
        int hi = i;
        while (lo > 0 && sorted[lo - 1] == id) {
            lo--;
        }
        while (hi < sorted.length - 1 && sorted[hi + 1] == id) {
            hi++;
        }
        return hi - lo + 1;
    }

    /** The number of rows read (duplicates included). */
    public int size() {
        return sorted.length;
    }

    long[] sortedIds() {
        return sorted;
    }

    @Override
    public String toString() {
        return "ReadBack[rows=" + sorted.length + "]";
    }

    /** Collects ids for a {@link ReadBack}; not thread-safe. */
    public static final class Builder {
        private long[] ids = new long[1024];
        private int size;

        private Builder() {
        }

        /** Adds one row's id. */
        public Builder add(long id) {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
            }
            ids[size++] = id;
            return this;
        }

        /** The read-back of every id added so far. */
        public ReadBack build() {
            long[] a = Arrays.copyOf(ids, size);
            Arrays.sort(a);
            return new ReadBack(a);
        }
    }
}
