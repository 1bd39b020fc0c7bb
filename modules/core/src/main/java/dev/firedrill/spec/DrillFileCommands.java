package dev.firedrill.spec;

import dev.firedrill.kind.Kinds;

import java.nio.file.Path;
import java.util.List;

/**
 * The launcher's {@code ./drill list}, {@code ./drill list --kinds} and {@code ./drill plan <file>}: read drill files
 * and kinds, start nothing. Exit status 2 with every problem named when a file is not valid.
 *
 * <p>{@code list [FOLDER]}: the drill files. {@code list --kinds [--markdown] [--built-in]} (or {@code kinds ...}): every
 * kind a drill file can name, Firedrill's and those providers on the classpath add; {@code --markdown} as the reference
 * tables of {@code docs/kinds.md}, {@code --built-in} Firedrill's own only.
 */
public final class DrillFileCommands {

    private DrillFileCommands() {
    }

    /** {@code ./drill reference}: writes what Firedrill's own kinds generate, docs/kinds.md and the drill files' JSON Schema. */
    private static void reference() {
        Kinds builtIn = Kinds.onClasspath().builtIn();
        write(Path.of("docs/kinds.md"), KindsReference.markdown(builtIn));
        write(Path.of(DrillFileSchema.FILE), DrillFileSchema.text(builtIn));
    }

    private static void write(Path file, String text) {
        try {
            boolean same = java.nio.file.Files.exists(file) && java.nio.file.Files.readString(file).equals(text);
            java.nio.file.Files.writeString(file, text);
            System.out.println((same ? "unchanged " : "wrote ") + file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }

    public static void main(String[] args) {
        String command = args.length > 0 ? args[0] : "list";
        List<String> rest = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
        try {
            switch (command) {
                case "list" -> {
                    if (rest.contains("--kinds")) {
                        kinds(rest.stream().filter(a -> !a.equals("--kinds")).toList());
                    } else {
                        list(Path.of(rest.isEmpty() ? "drills" : rest.get(0)));
                    }
                }
                case "kinds" -> kinds(rest);
                case "reference" -> reference();
                case "revert" -> {
                    if (dev.firedrill.journal.Leftovers.undoDead(Path.of("").toAbsolutePath(), System.out).isEmpty()) {
                        System.out.println("firedrill: no dead run left a fault behind (" + dev.firedrill.journal.Leftovers.folderOf(Path.of("")) + ")");
                    }
                }
                case "plan" -> {
                    if (args.length < 2) {
                        throw new IllegalArgumentException("plan needs a drill file, e.g. ./drill plan drills/D01-api-service-down.yml");
                    }
                    // What a killed run left comes off first, before anything says the drill would run.
                    dev.firedrill.journal.Leftovers.undoDead(Path.of("").toAbsolutePath(), System.err);
                    DrillFile file = DrillFiles.read(Path.of(args[1]));
                    if (args.length > 2) {
                        if (args.length != 4 || !args[2].equals("--external")) {
                            throw new IllegalArgumentException("plan takes a drill file and optionally --external ENDPOINTS.yml; got "
                                    + String.join(" ", java.util.Arrays.asList(args).subList(2, args.length)));
                        }
                    }
                    System.out.print(DrillPlan.of(file, args.length == 4));
                    dev.firedrill.SystemUnderTest external = args.length == 4 ? EndpointsFile.read(Path.of(args[3])) : null;
                    DrillPlan.DryRun dry = DrillPlan.dryRun(file, external, dev.firedrill.StopSignal.standard(Path.of("").toAbsolutePath(), System.getenv()));
                    System.out.print(dry.text());
                    if (!dry.wouldRun()) {
                        System.exit(1);
                    }
                }
                default -> throw new IllegalArgumentException("unknown command '" + command + "'; valid: list, list --kinds, kinds, plan, reference, revert");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /** The kinds: {@code --markdown} as Markdown tables, {@code --built-in} Firedrill's own only. */
    private static void kinds(List<String> options) {
        for (String option : options) {
            if (!List.of("--markdown", "--built-in").contains(option)) {
                throw new IllegalArgumentException("list --kinds takes --markdown and --built-in; got '" + option + "'");
            }
        }
        Kinds kinds = options.contains("--built-in") ? Kinds.onClasspath().builtIn() : Kinds.onClasspath();
        System.out.print(options.contains("--markdown") ? KindsReference.markdown(kinds) : KindsReference.text(kinds));
    }

    private static void list(Path folder) {
        List<Path> files = DrillFiles.list(folder);
        System.out.printf("%-12s %-48s %-22s %s%n", "id", "title", "suites", "runbook section");
        for (Path f : files) {
            DrillFile d = DrillFiles.read(f);
            System.out.printf("%-12s %-48s %-22s %s%n", d.drill().id(), d.drill().title(), String.join(",", d.drill().suites()),
                    d.drill().runbook() == null ? "-" : d.drill().runbook());
        }
    }
}
