package dev.firedrill.access;

import dev.firedrill.SystemUnderTest;
import dev.firedrill.capability.ServiceFiles;
import java.util.List;


import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The size-limited persistent volume of a service (docs/stack.md), seen from the host: where it is
 * mounted, filling it with ballast and freeing it. Used by {@code Faults.fillVolume} and
 * {@code Recoveries.freeVolume}.
 */
public final class Volumes {

    /** The file the fill fault writes at the volume's root. */
    public static final String BALLAST = ".firedrill-ballast";

    private Volumes() {
    }

    /** The size-limited volume mounted into the service, or a misuse error listing services that have one. */
    public static ServiceFiles.LimitedVolume sizeLimited(SystemUnderTest system, String action, String service) {
        system.requireService(service, action);
        ServiceFiles files = system.require(ServiceFiles.class, action);
        return files.sizeLimitedVolume(service).orElseThrow(() -> {
            List<String> valid = files.servicesWithSizeLimitedVolume();
            return new IllegalArgumentException(action + ": service '" + service + "' has no size-limited volume; "
                    + (valid.isEmpty() ? "no service of " + system.describe() + " has one: declare one under x-firedrill.volumes.<name>.size"
                    + " (docs/stack.md)" : "valid targets are " + valid));
        });
    }

    /**
     * Writes ballast into {@code root} until the filesystem is full, in 1 MiB blocks and then 4 KiB ones
     * (the last blocks a full ext4 still finds); returns the bytes written. May be called again to top up.
     */
    public static long fill(Path root, String action, String service) {
        Path ballast = root.resolve(BALLAST);
        long written = 0;
        try (FileChannel out = FileChannel.open(ballast, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            for (int size : new int[] {1 << 20, 4096}) {
                ByteBuffer block = ByteBuffer.allocate(size);
                written += writeUntilFull(out, block);
            }
            return written;
        } catch (IOException e) {
            if (isNoSpace(e)) {
                return written;
            }
            throw new java.io.UncheckedIOException(action + ": could not write ballast into the volume of '" + service + "': " + e.getMessage(), e);
        }
    }

    private static long writeUntilFull(FileChannel out, ByteBuffer block) throws IOException {
        long written = 0;
        while (true) {
            block.clear();
            try {
                while (block.hasRemaining()) {
                    written += out.write(block);
                }
                out.force(false);
            } catch (IOException e) {
                if (isNoSpace(e)) {
                    return written;
                }
                throw e;
            }
        }
    }

    public static boolean isNoSpace(IOException e) {
        return String.valueOf(e.getMessage()).contains("No space left");
    }

    /** Deletes the ballast; returns the bytes freed (0 when there was none). */
    public static long free(Path root, String action, String service) {
        Path ballast = root.resolve(BALLAST);
        try {
            long size = Files.exists(ballast) ? Files.size(ballast) : 0;
            Files.deleteIfExists(ballast);
            return size;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(action + ": could not delete the ballast in the volume of '" + service + "': " + e.getMessage(), e);
        }
    }
}
