package dev.firedrill.spec;

import java.nio.file.Path;
import java.util.List;

/**
 * The launcher's {@code ./drill list} and {@code ./drill plan <file>}: read drill files, start nothing.
 * Exit status 2 with every problem named when a file is not valid.
 */
public final class DrillFileCommands {

    private DrillFileCommands() {
    }

    public static void main(String[] args) {
        String command = args.length > 0 ? args[0] : "list";
        try {
            switch (command) {
                case "list" -> list(Path.of(args.length > 1 ? args[1] : "drills"));
                case "plan" -> {
                    if (args.length < 2) {
                        throw new IllegalArgumentException("plan needs a drill file, e.g. ./drill plan drills/D01-api-service-down.yml");
                    }
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
                default -> throw new IllegalArgumentException("unknown command '" + command + "'; valid: list, plan");
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
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
