package dev.firedrill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Removing a folder with everything in it: the harness's temporary folders (certificate stores,
 * browser profiles, image build contexts, volume directories).
 *
 * <p>Example: {@code FileTrees.deleteQuietly(profile)}.
 */
public final class FileTrees {

    private FileTrees() {
    }

    /** Deletes {@code root} and everything below it; a missing or null root is nothing to do. */
    public static void delete(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        List<Path> deepestFirst;
        try (Stream<Path> all = Files.walk(root)) {
            deepestFirst = all.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : deepestFirst) {
            Files.deleteIfExists(p);
        }
    }

    /** {@link #delete} for temporary folders, where what cannot be deleted is simply left behind. */
    public static void deleteQuietly(Path root) {
        try {
            delete(root);
        } catch (IOException ignored) {
            // a temporary folder left behind harms nothing
        }
    }
}
