package dev.firedrill;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The JVM that created a resource: {@code <host id>:<pid>:<process start, epoch millis>}.
 *
 * <p>Written as the label {@code dev.firedrill.owner} on every container, network and volume, so that a
 * later run can tell leftovers of a dead JVM (remove) from resources of a live run (never touch). The
 * same pid with another start time is another process: the owner is dead.
 */
public record Owner(String host, long pid, long startEpochMillis) {

    /** Label carrying the owner. */
    public static final String LABEL = "dev.firedrill.owner";
    /** Label carrying the run id. */
    public static final String RUN_LABEL = "dev.firedrill.run";

    public Owner {
        if (host == null || host.isBlank() || host.contains(":")) {
            throw new IllegalArgumentException("Owner host id must be non-blank without ':', got '" + host + "'");
        }
    }

    /** This JVM. */
    public static Owner current() {
        ProcessHandle self = ProcessHandle.current();
        return new Owner(hostId(), self.pid(), startOf(self).orElse(0L));
    }

    /** Parses a label value written by {@link #label()}; empty when it is not one. */
    public static Optional<Owner> parse(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String[] parts = label.split(":");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Owner(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public String label() {
        return host + ":" + pid + ":" + startEpochMillis;
    }

    /** Whether this owner is on this host and no longer running (pid gone, or reused by a later process). */
    public boolean isDeadOnThisHost() {
        if (!host.equals(hostId())) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return true;
        }
        return startOf(process.get()).map(start -> start != startEpochMillis).orElse(false);
    }

    private static Optional<Long> startOf(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli);
    }

    /** A stable id of this machine: its machine-id when there is one, else its host name. */
    public static String hostId() {
        for (String file : new String[] {"/etc/machine-id", "/var/lib/dbus/machine-id"}) {
            try {
                String id = Files.readString(Path.of(file)).trim();
                if (!id.isEmpty()) {
                    return id;
                }
            } catch (IOException | RuntimeException ignored) {
                // try the next source
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName().replace(':', '_');
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
