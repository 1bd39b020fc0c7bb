package dev.firedrill.spec;

import dev.firedrill.Drill;
import dev.firedrill.DrillStep;
import dev.firedrill.Fault;
import dev.firedrill.Objective;
import dev.firedrill.Preparation;
import dev.firedrill.Recovery;
import dev.firedrill.Workload;

import dev.firedrill.SafetyRails;
import dev.firedrill.StopSignal;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.kind.KindDescriptor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a drill file would do, step by step, as text; nothing is started.
 *
 * <p>Example: {@code System.out.println(DrillPlan.of(DrillFiles.read(path)));}
 */
public final class DrillPlan {

    private DrillPlan() {
    }

    /** The numbered steps of {@code file}'s drill on the stack it names. */
    public static String of(DrillFile file) {
        return of(file, false);
    }

    /**
     * The numbered steps of {@code file}'s drill; {@code external}: on a system Firedrill did not start (an
     * endpoints file), whose stack is neither started nor set up.
     */
    public static String of(DrillFile file, boolean external) {
        Drill d = file.drill();
        StringBuilder out = new StringBuilder();
        out.append(d.id()).append(": ").append(d.title()).append(" (").append(file.source()).append(")\n");
        out.append("  suites: ").append(String.join(", ", d.suites())).append("; runbook: ").append(d.runbook() == null ? "-" : d.runbook()).append('\n');
        if (file.disruption() != null) {
            out.append("  disruption kind (DR policy): ").append(file.disruption()).append('\n');
        }
        List<String> steps = new ArrayList<>();
        DrillFile.Stack s = file.stack();
        steps.add(external ? "use the external system of the endpoints file: nothing is started (the file's stack " + s.composeNames() + " is not used)"
                : "start the stack " + s.composeNames() + (s.services().isEmpty() ? "" : " (services " + s.services() + ")")
                + (s.environment().isEmpty() ? "" : " with environment " + s.environment()) + (s.fresh() ? ", a fresh one" : "")
                + (s.setup().isEmpty() ? "" : "; before the drill, set it up: " + String.join(", ", s.setup().stream().map(Recovery::name).toList())));
        steps.add("start the probes " + d.probes() + (d.workloads().isEmpty() ? "" : " and the workloads "
                + d.workloads().stream().map(Workload::name).toList()));
        steps.add("prove the steady state: " + d.steadyRun() + " consecutive successes on every path, each within "
                + Durations.format(d.latencyObjective()) + ", at most " + Durations.format(d.steadyBudget()) + " (marks steady-proven)");
        for (Preparation p : d.preparations()) {
            steps.add("prepare: " + p.name());
        }
        for (Fault f : d.faults()) {
            steps.add("inject " + f.name() + " and verify it took effect (marks fault-verified)");
        }
        SafetyRails rails = file.safety();
        if (!rails.guards().isEmpty()) {
            steps.add(1, "start the guards' probes; from the steady state on, abort (revert every fault) when "
                    + String.join(" or ", rails.guards().stream().map(g -> g.abortWhen().name()).toList()));
        }
        if (!d.faults().isEmpty()) {
            String at = d.faults().stream().filter(Fault::marksDisruption).findFirst().map(f -> "the instant " + f.name() + " acted")
                    .orElse("the instant the last fault acted");
            steps.add(d.trigger() == null ? "mark disruption at " + at + "; hold the faults " + Durations.format(d.hold()) + " from it"
                    : "mark disruption at " + at + "; wait at most " + Durations.format(d.hold()) + " for " + d.trigger().name()
                    + " to fire: the recovery starts then (never, if it does not fire)");
        }
        for (int i = 0; i < d.recoveries().size(); i++) {
            Recovery r = d.recoveries().get(i);
            steps.add("recover: " + r.name() + (i == 0 ? " (marks recovery-started)" : ""));
        }
        if (!d.faults().isEmpty()) {
            steps.add("wait until every path is steady again, at most " + Durations.format(d.recoveryBudget()) + " (marks recovered)");
        }
        steps.add("settle " + Durations.format(d.settle()) + ", observe the after phase " + Durations.format(d.afterWindow()));
        steps.add("revert every fault still active, stop probes and workloads, read the ledger back (marks end)");
        for (int i = 0; i < steps.size(); i++) {
            out.append(String.format("  %2d. %s%n", i + 1, steps.get(i)));
        }
        out.append("  safety: ").append(rails.allowed().map(a -> "faults and procedures may act only on " + a).orElse("no allow-list"))
                .append("; the global stop (file " + StopSignal.DEFAULT_FILE + " or " + StopSignal.VARIABLE + ") is checked before every step")
                .append('\n');
        out.append("  objectives:\n");
        for (Objective o : d.objectives()) {
            out.append("    - ").append(o.name()).append(": ").append(o.describe()).append('\n');
        }
        out.append("  requires: ").append(requires(file)).append('\n');
        return out.toString();
    }

    /**
     * The capabilities the file's kinds require of the system, each with the kinds that need it, e.g. {@code FaultProxy
     * (latency), ServiceProcesses (kill, restart)}; "no capability" when every kind reaches services through their endpoints.
     */
    static String requires(DrillFile file) {
        Map<String, List<String>> byCapability = new LinkedHashMap<>();
        for (KindDescriptor<?> kind : file.kinds()) {
            for (Class<?> capability : kind.requires()) {
                List<String> names = byCapability.computeIfAbsent(capability.getSimpleName(), c -> new ArrayList<>());
                if (!names.contains(kind.name())) {
                    names.add(kind.name());
                }
            }
        }
        if (byCapability.isEmpty()) {
            return "no capability of the system beyond its services' endpoints";
        }
        List<String> parts = new ArrayList<>();
        byCapability.forEach((capability, kinds) -> parts.add(capability + " (" + String.join(", ", kinds) + ")"));
        return String.join(", ", parts);
    }

    /** A dry run's findings: what it checked, and whether the drill would start. */
    public record DryRun(String text, boolean wouldRun) {
    }

    /**
     * The dry run of {@code file}: the allow-list, the global stop, and (on an external system) whether each
     * fault and recovery step applies, checked acting on nothing; nothing is injected, started or changed.
     */
    public static DryRun dryRun(DrillFile file, SystemUnderTest system, StopSignal stop) {
        Drill d = file.drill();
        StringBuilder out = new StringBuilder("  dry run (nothing is injected, started or changed):\n");
        boolean ok = true;
        List<String> refused = file.safety().refusals(d);
        if (refused.isEmpty()) {
            out.append("    - allow-list: ").append(file.safety().allowed().isPresent() ? "every fault and procedure is within it" : "none set").append('\n');
        } else {
            ok = false;
            refused.forEach(r -> out.append("    - REFUSED by the allow-list: ").append(r).append('\n'));
        }
        var stopped = stop.requested();
        if (stopped.isPresent()) {
            ok = false;
            out.append("    - STOPPED: ").append(stopped.get()).append("; the drill would stop before its first step\n");
        } else {
            out.append("    - global stop: not set\n");
        }
        List<String> problems = problems(file, Path.of("").toAbsolutePath(), system == null);
        if (problems.isEmpty()) {
            out.append("    - files: ").append(system == null ? "the Compose file, every service named and every script are there"
                    : "every script is there").append(file.disruption() == null ? "" : "; the DR policy knows the disruption kind").append('\n');
        } else {
            ok = false;
            problems.forEach(pr -> out.append("    - WRONG: ").append(pr).append('\n'));
        }
        if (system != null) {
            out.append("    - the system offers: ").append(system.capabilities().isEmpty() ? "no capability"
                    : String.join(", ", system.capabilities().stream().map(Class::getSimpleName).sorted().toList())).append('\n');
            ok &= eachApplies(out, system, d.preparations(), "prepare ");
            ok &= eachApplies(out, system, d.faults(), "inject ");
            ok &= eachApplies(out, system, d.recoveries(), "recover ");
            for (String service : system.services()) {
                out.append("    - service ").append(service).append(" at ").append(system.endpoint(service, 0)).append('\n');
            }
            if (!ok) {
                out.append(applicableKinds(system));
            }
        }
        out.append(ok ? "  the drill would run\n" : "  the drill would NOT run\n");
        return new DryRun(out.toString(), ok);
    }

    /**
     * What is wrong with {@code file} that reading it could not tell, found without starting anything: its DR policy
     * kind ({@code drills/dr-policy.yml} when there is one), every script its steps run (there; a relative path inside
     * the project: an absolute one is taken as meant), and on a stack Firedrill starts ({@code onStack}) the Compose file
     * (inside the project, there, with {@code services:}) and every service a step or the setup names (in it).
     */
    public static List<String> problems(DrillFile file, Path project, boolean onStack) {
        List<String> problems = new ArrayList<>();
        Drill d = file.drill();
        if (file.disruption() != null) {
            Path policy = project.resolve("drills").resolve("dr-policy.yml");
            if (Files.isRegularFile(policy)) {
                try {
                    DrPolicy.read(policy).apply(file);
                } catch (IllegalArgumentException e) {   // a policy that does not know the kind, or one that does not read
                    problems.add("disruption: " + e.getMessage());
                }
            }
        }
        List<DrillStep> steps = new ArrayList<>();
        steps.addAll(file.stack().setup());
        steps.addAll(d.preparations());
        steps.addAll(d.faults());
        steps.addAll(d.recoveries());
        for (DrillStep step : steps) {
            for (String f : step.projectFiles()) {
                Path given = Path.of(f);
                Path resolved = project.resolve(given).normalize();
                if (!given.isAbsolute() && !resolved.startsWith(project.normalize())) {
                    problems.add(step.name() + ": '" + f + "' is outside the project; a relative path stays in the project folder"
                            + " (write an absolute path to run a script from elsewhere on purpose)");
                } else if (!Files.isRegularFile(resolved)) {
                    problems.add(step.name() + ": no file '" + f + "' (relative paths start at the project folder)");
                }
            }
        }
        if (onStack) {
            composeServices(file.stack().compose(), project, problems).ifPresent(services -> {
                for (DrillStep step : steps) {
                    if (step.requires().contains(dev.firedrill.capability.FaultProxy.class)) {
                        continue;   // it may name a proxy the drill itself adds to the fault proxy (postgres-replication)
                    }
                    dev.firedrill.SafetyRails.targetsOf(step).ifPresent(named -> named.stream().filter(n -> !services.contains(n))
                            .forEach(n -> problems.add(step.name() + ": no service '" + n + "' in " + file.stack().composeNames()
                                    + Reading.suggestion(n, services) + "; its services: " + String.join(", ", services))));
                }
                file.stack().services().stream().filter(n -> !services.contains(n)).forEach(n -> problems.add("stack.services: no service '"
                        + n + "' in " + file.stack().composeNames() + "; its services: " + String.join(", ", services)));
            });
        }
        return problems;
    }

    /**
     * The service names of the Compose files {@code compose} (relative to the project; later files add services), or
     * empty with the problem said: a file missing, outside the project or without services, or a service in two files.
     */
    private static java.util.Optional<java.util.Set<String>> composeServices(List<String> compose, Path project, List<String> problems) {
        java.util.Map<String, String> declaredIn = new java.util.TreeMap<>();
        boolean readable = true;
        for (String name : compose) {
            java.util.Optional<java.util.Set<String>> services = composeServices(name, project, problems);
            if (services.isEmpty()) {
                readable = false;
                continue;
            }
            for (String service : services.get()) {
                String earlier = declaredIn.putIfAbsent(service, name);
                if (earlier != null) {
                    problems.add("stack.compose: service '" + service + "' is declared in both " + earlier + " and " + name
                            + ": a later Compose file may add services, not declare one again");
                }
            }
        }
        return readable ? java.util.Optional.of(declaredIn.keySet()) : java.util.Optional.empty();
    }

    /** The service names of one Compose file (relative to the project), or empty with the problem said. */
    private static java.util.Optional<java.util.Set<String>> composeServices(String compose, Path project, List<String> problems) {
        Path file = project.resolve(compose).normalize();
        if (!file.startsWith(project.normalize())) {
            problems.add("stack.compose: '" + compose + "' is outside the project: a stack is a Compose file of the project");
            return java.util.Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            problems.add("stack.compose: no file '" + compose + "' in the project");
            return java.util.Optional.empty();
        }
        try {
            YamlNode root = YamlReader.read(compose, Files.readString(file));
            if (root instanceof YamlNode.Mapping m && m.entries().get("services") instanceof YamlNode.Mapping services
                    && !services.entries().isEmpty()) {
                return java.util.Optional.of(new java.util.TreeSet<>(services.entries().keySet()));
            }
            problems.add("stack.compose: '" + compose + "' is no Compose file: it has no services");
        } catch (java.io.IOException | RuntimeException e) {
            problems.add("stack.compose: '" + compose + "' cannot be read as a Compose file: " + e.getMessage());
        }
        return java.util.Optional.empty();
    }

    /**
     * What would apply instead, read from the kinds' descriptors: per category, the kinds whose required capabilities
     * this system offers (whether a kind also fits a given service is checked when a drill names it).
     */
    static String applicableKinds(SystemUnderTest system) {
        StringBuilder out = new StringBuilder("    - on this system (it offers " + (system.capabilities().isEmpty() ? "no capability"
                : String.join(", ", system.capabilities().stream().map(Class::getSimpleName).sorted().toList())) + ") these kinds apply:\n");
        dev.firedrill.kind.Kinds kinds = dev.firedrill.kind.Kinds.onClasspath();
        for (KindDescriptor.Category category : List.of(KindDescriptor.Category.FAULT, KindDescriptor.Category.PROCEDURE,
                KindDescriptor.Category.PREPARATION)) {
            List<String> names = kinds.in(category).stream()
                    .filter(kind -> kind.requires().stream().allMatch(c -> system.capability(c).isPresent()))
                    .map(KindDescriptor::name).toList();
            out.append("        ").append(category.plural()).append(": ").append(names.isEmpty() ? "none" : String.join(", ", names)).append('\n');
        }
        return out.toString();
    }

    /** " (needs FaultProxy)", or nothing for a step that reaches the system only through its endpoints. */
    private static String needs(java.util.Set<Class<? extends dev.firedrill.Capability>> capabilities) {
        return capabilities.isEmpty() ? "" : " (needs " + String.join(", ", capabilities.stream().map(Class::getSimpleName).sorted().toList()) + ")";
    }

    /**
     * A line per step, "applies: what (needs ...)" or "DOES NOT APPLY: what (needs ...): why", checked as the runner checks
     * it, acting on nothing; false when one does not apply.
     */
    private static boolean eachApplies(StringBuilder out, SystemUnderTest system, List<? extends DrillStep> steps, String verb) {
        boolean all = true;
        for (DrillStep step : steps) {
            String what = verb + step.name() + needs(step.requires());
            try {
                step.checkOn(system);
                out.append("    - applies: ").append(what).append('\n');
            } catch (IllegalArgumentException e) {
                all = false;
                out.append("    - DOES NOT APPLY: ").append(what).append(": ").append(e.getMessage()).append('\n');
            }
        }
        return all;
    }
}
