package dev.firedrill.stack;

import dev.firedrill.Owner;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Size-limited persistent volumes: an ext4 image on the host, loop-mounted, bind-mounted into a container.
 *
 * <p>Unlike a tmpfs it keeps its files when its container restarts, and it fills up with "No space left
 * on device" at its size (docs/stack.md). Needs root and a local engine; {@link #unsupportedReason()}
 * says why not otherwise. Each volume lives in {@code <base>/<run id>-<name>/} with its owner recorded,
 * so that a sweep can release volumes of dead runs.
 */
public final class LoopVolumes {

    private final Path base;

    public LoopVolumes(Path base) {
        this.base = base;
    }

    /** The default place: {@code FIREDRILL_VOLUMES_DIR}, else {@code <java.io.tmpdir>/firedrill-volumes}. */
    public static LoopVolumes fromEnvironment() {
        String dir = System.getenv("FIREDRILL_VOLUMES_DIR");
        return new LoopVolumes(dir != null && !dir.isBlank()
                ? Path.of(dir)
                : Path.of(System.getProperty("java.io.tmpdir"), "firedrill-volumes"));
    }

    /** Why size-limited volumes cannot be made here, or empty when they can. */
    public Optional<String> unsupportedReason() {
        if (!isRoot()) {
            return Optional.of("size-limited persistent volumes need root (a loop-mounted ext4 image); this JVM runs as uid " + uid());
        }
        String dockerHost = System.getenv("DOCKER_HOST");
        if (dockerHost != null && !dockerHost.isBlank() && !dockerHost.startsWith("unix://")) {
            return Optional.of("size-limited persistent volumes need a local Docker engine; DOCKER_HOST is " + dockerHost);
        }
        for (String tool : new String[] {"mkfs.ext4", "mount", "umount"}) {
            if (!onPath(tool)) {
                return Optional.of("size-limited persistent volumes need '" + tool + "' on PATH (Debian: e2fsprogs, mount)");
            }
        }
        return Optional.empty();
    }

    /** Creates, formats and mounts a volume of {@code sizeBytes}; returns the host directory to bind-mount. */
    public Path create(String runId, String name, long sizeBytes, Owner owner) {
        unsupportedReason().ifPresent(reason -> {
            throw new StackException("Cannot create size-limited volume '" + name + "': " + reason);
        });
        Path dir = base.resolve(runId + "-" + name);
        Path image = dir.resolve("volume.img");
        Path mountPoint = dir.resolve("mnt");
        try {
            Files.createDirectories(mountPoint);
            Files.writeString(dir.resolve("owner"), owner.label(), StandardCharsets.UTF_8);
            try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
                file.setLength(sizeBytes);
            }
        } catch (IOException e) {
            throw new StackException("Cannot create size-limited volume '" + name + "' in " + dir + ": " + e.getMessage(), e);
        }
        run("format volume '" + name + "'", "mkfs.ext4", "-q", "-F", image.toString());
        run("mount volume '" + name + "'", "mount", "-o", "loop", image.toString(), mountPoint.toString());
        // A bind mount keeps the filesystem root's owner (root), where a named volume takes the image folder's: open it to
        // every user, as /tmp is, so that a service running as its own user (the ledger's uid 10001) can write there.
        run("open volume '" + name + "' to the container's user", "chmod", "1777", mountPoint.toString());
        return mountPoint;
    }

    /** Unmounts and deletes a volume made by {@link #create}; safe to call twice. */
    public void release(Path mountPoint) {
        Path dir = mountPoint.getParent();
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        if (isMounted(mountPoint)) {
            if (!tryRun("umount", mountPoint.toString())) {
                tryRun("umount", "-l", mountPoint.toString());
            }
        }
        deleteTree(dir);
    }

    /** Releases volumes whose owner on this host is dead; returns their directory names. */
    List<String> sweepDeadOwners() {
        List<String> released = new ArrayList<>();
        if (!Files.isDirectory(base)) {
            return released;
        }
        try (Stream<Path> dirs = Files.list(base)) {
            for (Path dir : dirs.toList()) {
                Optional<Owner> owner = readOwner(dir);
                if (owner.map(Owner::isDeadOnThisHost).orElse(false)) {
                    release(dir.resolve("mnt"));
                    released.add(dir.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new StackException("Cannot list leftover volumes in " + base + ": " + e.getMessage(), e);
        }
        return released;
    }

    private static Optional<Owner> readOwner(Path dir) {
        try {
            return Owner.parse(Files.readString(dir.resolve("owner")).trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isMounted(Path mountPoint) {
        try {
            String target = mountPoint.toRealPath().toString();
            return Files.readAllLines(Path.of("/proc/mounts")).stream()
                    .map(line -> line.split(" "))
                    .anyMatch(fields -> fields.length > 1 && fields[1].equals(target));
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path dir) {
        try {
            dev.firedrill.FileTrees.delete(dir);
        } catch (IOException e) {
            throw new StackException("Cannot delete volume directory " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void run(String step, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new StackException("Could not " + step + ": '" + String.join(" ", command) + "' took over 60 s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                throw new StackException("Could not " + step + ": '" + String.join(" ", command)
                        + "' exited " + process.exitValue() + ": " + output);
            }
        } catch (IOException e) {
            throw new StackException("Could not " + step + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while trying to " + step, e);
        }
    }

    private static boolean tryRun(String... command) {
        try {
            run(String.join(" ", command), command);
            return true;
        } catch (StackException e) {
            return false;
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRoot() {
        return uid() == 0;
    }

    private static long uid() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return ((Number) uid).longValue();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
