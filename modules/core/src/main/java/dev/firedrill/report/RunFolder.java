package dev.firedrill.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.UUID;

/**
 * The layout of a run's folder ({@code reports/<run id>/}, one sub-folder per drill) and the file
 * operations reporters share: atomic writes and the {@code reports/latest} link.
 *
 * <p>Example: {@code Path timeline = RunFolder.drillFolder(run, "D01").resolve(RunFolder.TIMELINE_FILE);}
 */
public final class RunFolder {

    /** The run's evidence, in the run folder. */
    public static final String EVIDENCE_FILE = "evidence.json";
    /** A drill's timeline (JSON lines), in the drill's folder. */
    public static final String TIMELINE_FILE = "timeline.jsonl";
    /** A drill's operation ledger (JSON lines), in the drill's folder. */
    public static final String LEDGER_FILE = "ledger.jsonl";
    /** The run's single-file HTML report (Allure), in the run folder. */
    public static final String HTML_REPORT_FILE = "allure-report.html";
    /** The link next to the run folders that points at the newest one. */
    public static final String LATEST = "latest";

    private RunFolder() {
    }

    /** {@code <run folder>/<drill id>/}, the id reduced to letters, digits, '.', '_' and '-'. */
    public static Path drillFolder(RunInfo run, String drillId) {
        Objects.requireNonNull(run, "run must not be null");
        return run.folder().resolve(fileName(drillId));
    }

    /** {@code name} as a safe file name: runs of other characters become '-', e.g. "restart ledger" → "restart-ledger". */
    public static String fileName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A file name needs a non-blank name, was '" + name + "'");
        }
        String s = name.strip().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+|-+$", "");
        return s.isEmpty() ? "x" + Integer.toHexString(name.hashCode()) : s;
    }

    /** Writes {@code text} to {@code file} through a temporary file and a rename, so a reader never sees half of it. */
    public static Path writeAtomically(Path file, String text) {
        Objects.requireNonNull(file, "file must not be null");
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(dir);
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            move(tmp, file);
            return file;
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("Could not write " + file + ": " + e, e);
        }
    }

    /**
     * Points {@code <parent of runFolder>/latest} at {@code runFolder} with a relative symbolic link,
     * replaced by a rename so that readers always see an old or a new link. Throws when the file
     * system has no symbolic links, or when {@code latest} exists and is not a link.
     */
    public static Path pointLatestAt(Path runFolder) {
        Objects.requireNonNull(runFolder, "runFolder must not be null");
        Path folder = runFolder.toAbsolutePath().normalize();
        Path reports = folder.getParent();
        Path latest = reports.resolve(LATEST);
        if (Files.exists(latest, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(latest)) {
            throw new IllegalStateException("Cannot point " + latest + " at the newest run: it exists and is not a"
                    + " symbolic link; remove it and run again");
        }
        Path tmp = reports.resolve("." + LATEST + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(reports);
            Files.createSymbolicLink(tmp, folder.getFileName());
            move(tmp, latest);
            return latest;
        } catch (IOException | UnsupportedOperationException e) {
            deleteQuietly(tmp);
            throw new IllegalStateException("Could not point " + latest + " at " + folder.getFileName() + ": " + e, e);
        }
    }

    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the temporary file is all that is left behind
        }
    }
}
