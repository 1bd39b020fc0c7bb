package dev.firedrill.journal;

import dev.firedrill.Leftover;
import dev.firedrill.Owner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What dead runs left: the journals under {@code reports/.active/} whose owner no longer runs on this host. Each start
 * (a drill run, {@code ./drill plan}, {@code ./drill revert}) undoes their leftovers first and says so; a journal whose
 * every leftover was dealt with is deleted, one with an undo that failed is kept for the next start.
 */
public final class Leftovers {

    private Leftovers() {
    }

    /**
     * What one dead run left and what was done about it.
     *
     * @param run      the run id
     * @param owner    the JVM that wrote the journal
     * @param lastSeen when the journal was last written (the JVM died after that)
     * @param lines    per leftover: the fault and what was done ("removed", "already gone", "ends with the JVM", ...)
     * @param undone   how many leftovers were undone now (or found already gone)
     * @param failed   how many could not be undone now (kept in the journal)
     */
    public record Cleanup(String run, String owner, Instant lastSeen, List<String> lines, int undone, int failed) {

        /** The report: "run X left 3 fault change(s) behind (its JVM ... is gone; ...): 2 undone or already gone: ...". */
        public String describe() {
            return "run " + run + " left " + lines.size() + " fault change(s) behind (its JVM " + owner + " is gone; journal last written "
                    + lastSeen + "): " + undone + " undone or already gone" + (failed == 0 ? "" : ", " + failed
                    + " could not be undone and stay in the journal") + ":\n  " + String.join("\n  ", lines);
        }
    }

    /** The journals' folder of a project: {@code <project>/reports/.active}. */
    public static Path folderOf(Path project) {
        return project.resolve("reports").resolve(FaultJournal.FOLDER);
    }

    /** Undoes what dead runs of {@code project} left, telling {@code out} what was done; nothing is said when nothing was left. */
    public static List<Cleanup> undoDead(Path project, java.io.PrintStream out) {
        List<Cleanup> cleanups = undoDead(folderOf(project));
        for (Cleanup cleanup : cleanups) {
            out.println("firedrill: " + cleanup.describe());
        }
        return cleanups;
    }

    /** Undoes what the dead runs of {@code activeFolder} left (nothing when the folder does not exist). */
    public static List<Cleanup> undoDead(Path activeFolder) {
        List<Cleanup> done = new ArrayList<>();
        if (!Files.isDirectory(activeFolder)) {
            return done;
        }
        List<Path> journals;
        try (Stream<Path> files = Files.list(activeFolder)) {
            journals = files.filter(f -> f.getFileName().toString().endsWith(FaultJournal.EXTENSION)).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list the fault journals in " + activeFolder + ": " + e.getMessage(), e);
        }
        for (Path journal : journals) {
            try {
                FaultJournal.Contents contents = FaultJournal.Contents.read(journal);
                boolean dead = contents.owner() == null || Owner.parse(contents.owner()).map(Owner::isDeadOnThisHost).orElse(true);
                if (!dead) {
                    continue;   // a live run's, or another host's: never touched
                }
                Instant lastSeen = Files.getLastModifiedTime(journal).toInstant();
                Cleanup cleanup = undo(contents, lastSeen);
                if (cleanup.failed() == 0) {
                    Files.deleteIfExists(journal);
                }
                if (!cleanup.lines().isEmpty()) {
                    done.add(cleanup);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("cannot read the fault journal " + journal + ": " + e.getMessage(), e);
            }
        }
        return done;
    }

    private static Cleanup undo(FaultJournal.Contents contents, Instant lastSeen) {
        List<String> lines = new ArrayList<>();
        int undone = 0;
        int failed = 0;
        for (FaultJournal.Contents.Entry entry : contents.outstanding()) {
            Leftover leftover = entry.leftover();
            String what = entry.fault() + ": " + leftover.describe();
            switch (leftover.type()) {
                case Leftover.TOXIC, Leftover.PROXY_DISABLED -> {
                    try {
                        lines.add(what + ": " + ProxyCalls.undo(leftover));
                        undone++;
                    } catch (IOException | RuntimeException e) {
                        lines.add(what + ": COULD NOT UNDO (" + e.getMessage() + ")");
                        failed++;
                    }
                }
                case Leftover.ENDS_WITH_JVM, Leftover.WITH_STACK -> lines.add(what);
                default -> lines.add(what + " (do it by hand)");
            }
        }
        return new Cleanup(contents.run(), contents.owner(), lastSeen, lines, undone, failed);
    }
}
