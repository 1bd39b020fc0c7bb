package dev.firedrill.capability;

import dev.firedrill.Capability;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resources of a service's container: its CPU and memory limits read and changed on the container as it is (running
 * or stopped, {@code docker update}: no recreation), the memory its processes use, and the kernel's OOM kills in it as
 * the engine reported them. The memory faults ({@code memory-leak}, {@code memory-limit}) and the procedures
 * {@code scale-up} and {@code restart-with-limit} need it.
 */
public interface ServiceResources extends Capability {

    /**
     * A container's limits.
     *
     * @param memoryBytes the memory limit in bytes (swap included: none is allowed beyond it); 0 for none
     * @param nanoCpus    the CPU limit in billionths of a CPU ({@code 1.5} CPUs is 1 500 000 000); 0 for none
     */
    record Limits(long memoryBytes, long nanoCpus) {

        public Limits {
            if (memoryBytes < 0 || nanoCpus < 0) {
                throw new IllegalArgumentException("limits are 0 (none) or positive, got memory " + memoryBytes + " bytes, "
                        + nanoCpus + " nano-CPUs");
            }
        }

        /** In words: "memory 256 MiB, cpus 1.5" or "memory unlimited, cpus unlimited". */
        public String describe() {
            return "memory " + (memoryBytes == 0 ? "unlimited" : mebibytes(memoryBytes)) + ", cpus "
                    + (nanoCpus == 0 ? "unlimited" : String.format(Locale.ROOT, "%.2f", nanoCpus / 1e9).replaceAll("\\.?0+$", ""));
        }
    }

    /** The service's container's limits now. */
    Limits limits(String service);

    /**
     * Sets the memory limit of the service's container, running or stopped, without recreating it; swap is allowed no
     * further. A running container whose processes use more than {@code bytes} has the kernel reclaim first, and the
     * engine refuses when it cannot. 0 lifts the limit: an engine that cannot remove a limit once set (Docker keeps one)
     * sets its whole memory instead, which no container can exceed anyway.
     */
    void limitMemory(String service, long bytes);

    /** Sets the CPU limit of the service's container (billionths of a CPU; 0: none), running or stopped, without recreating it. */
    void limitCpus(String service, long nanoCpus);

    /** The memory the service's processes use now, page cache excluded (the engine's stats), in bytes. */
    long memoryUsage(String service);

    /**
     * Starts watching the engine's reports of the kernel's OOM kills in the service's container, from now on (as they
     * come: an engine keeps only its latest events, and a busy one forgets within seconds). Close it when done.
     */
    OomWatch watchOomKills(String service);

    /**
     * When the service's container last ended by an OOM kill of its main process, the engine's instant of that end;
     * empty when it runs, or ended otherwise.
     */
    Optional<Instant> lastOomKill(String service);

    /** The OOM kills the engine reported since a watch began. */
    interface OomWatch extends AutoCloseable {

        /** The engine's instants of the OOM kills seen so far, oldest first. */
        List<Instant> kills();

        /** Stops watching. */
        @Override
        void close();
    }

    /** The identity of the service's container: the same across restarts and limit changes, another once recreated. */
    String instance(String service);

    /** "256 MiB", "2 GiB", "300.5 MiB", "512 KiB" or "100 bytes". */
    static String mebibytes(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= 1L << 20) {
            return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
        }
        return bytes >= 1L << 10 && bytes % (1L << 10) == 0 ? (bytes >> 10) + " KiB" : bytes + " bytes";
    }

    /** What a valid memory size looks like, for messages and the kinds' descriptions. */
    String SIZE_FORMAT = "a whole number with a unit k, m or g (KiB, MiB, GiB), e.g. 256m or 1g";

    /**
     * A memory size written as in Compose and {@code docker update}: {@code 256m}, {@code 1g}, {@code 512k} (also
     * {@code 256MiB}, {@code 256mb}: binary units all).
     *
     * @param what what the size is of, for the message: "memoryLimit(ledger): limit"
     * @throws IllegalArgumentException naming {@code what}, the text and what is valid
     */
    static long parseSize(String text, String what) {
        Matcher m = SIZE.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(what + ": '" + text + "' is not a memory size; use " + SIZE_FORMAT);
        }
        long n = Long.parseLong(m.group(1));
        int shift = switch (m.group(2).charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            default -> 30;
        };
        if (n <= 0 || n > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException(what + ": '" + text + "' is not a positive memory size; use " + SIZE_FORMAT);
        }
        return n << shift;
    }

    /** {@link #parseSize}'s grammar. */
    Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*([kmg])(?:i?b)?");
}
