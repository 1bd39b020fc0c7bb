package dev.firedrill.spec;

import dev.firedrill.Drill;
import dev.firedrill.Fault;
import dev.firedrill.Objective;
import dev.firedrill.Preparation;
import dev.firedrill.Recovery;
import dev.firedrill.Workload;

import java.util.ArrayList;
import java.util.List;

/**
 * What a drill file would do, step by step, as text; nothing is started.
 *
 * <p>Example: {@code System.out.println(DrillPlan.of(DrillFiles.read(path)));}
 */
public final class DrillPlan {

    private DrillPlan() {
    }

    /** The numbered steps of {@code file}'s drill. */
    public static String of(DrillFile file) {
        Drill d = file.drill();
        StringBuilder out = new StringBuilder();
        out.append(d.id()).append(": ").append(d.title()).append(" (").append(file.source()).append(")\n");
        out.append("  suites: ").append(String.join(", ", d.suites())).append("; runbook: ").append(d.runbook() == null ? "-" : d.runbook()).append('\n');
        if (file.disruption() != null) {
            out.append("  disruption kind (DR policy): ").append(file.disruption()).append('\n');
        }
        List<String> steps = new ArrayList<>();
        DrillFile.Stack s = file.stack();
        steps.add("start the stack " + s.compose() + (s.services().isEmpty() ? "" : " (services " + s.services() + ")")
                + (s.environment().isEmpty() ? "" : " with environment " + s.environment()) + (s.fresh() ? ", a fresh one" : ""));
        steps.add("start the probes " + d.probes() + (d.workloads().isEmpty() ? "" : " and the workloads "
                + d.workloads().stream().map(Workload::name).toList()));
        steps.add("prove the steady state: " + d.steadyRun() + " consecutive successes on every path, each within "
                + Durations.format(d.latencyObjective()) + ", at most " + Durations.format(d.steadyBudget()) + " (marks steady-proven)");
        for (Preparation p : d.preparations()) {
            steps.add("prepare: " + p.name());
        }
        for (Fault f : d.faults()) {
            steps.add("inject " + f.name() + " and verify it took effect");
        }
        if (!d.faults().isEmpty()) {
            steps.add("mark disruption; hold the faults " + Durations.format(d.hold()));
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
        out.append("  objectives:\n");
        for (Objective o : d.objectives()) {
            out.append("    - ").append(o.name()).append(": ").append(o).append('\n');
        }
        return out.toString();
    }
}
