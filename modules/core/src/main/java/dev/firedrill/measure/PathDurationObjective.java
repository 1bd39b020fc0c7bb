package dev.firedrill.measure;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Phase;
import dev.firedrill.RecoveryMeasurement;
import java.time.Duration;
import java.util.Optional;

/** RTO, TTR or detection of one path within a budget. */
record PathDurationObjective(Kind kind, String path, Duration budget) implements Objective {

    enum Kind {
        RTO("rto", "RTO", Phase.RECOVERY),
        TTR("ttr", "TTR", Phase.RECOVERY),
        DETECTION("detection", "Detection", Phase.DURING);

        final String id;
        final String label;
        final Phase phase;

        Kind(String id, String label, Phase phase) {
            this.id = id;
            this.label = label;
            this.phase = phase;
        }
    }

    PathDurationObjective {
        Slos.requirePath(path);
        Slos.requireBudget(budget, kind.label + " of path '" + path + "'");
    }

    @Override
    public String describe() {
        return switch (kind) {
            case RTO -> "RTO of path '" + path + "' (disruption to the first success of the steady run after its last failure window) at most ";
            case TTR -> "TTR of path '" + path + "' (recovery-started to the first success of the steady run after its last failure window) at most ";
            case DETECTION -> "first failure of path '" + path + "' within ";
        } + Objectives.words(budget) + (kind == Kind.DETECTION ? " of the disruption" : "");
    }

    @Override
    public String name() {
        return kind.id + "(" + path + ")";
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        String what = kind.label + " of path '" + path + "'";
        String phase = kind.phase.id();
        Optional<RecoveryMeasurement> r = m.recovery(path);
        if (r.isEmpty()) {
            return ObjectiveMessages.notMeasured(name(), what, phase, "≤", budget.toString(),
                    ObjectiveMessages.millis(budget), "ms", "path '" + path + "' was not probed after a disruption");
        }
        Duration measured = switch (kind) {
            case RTO -> r.get().rto();
            case TTR -> r.get().ttr();
            case DETECTION -> r.get().detection();
        };
        if (measured == null) {
            String why = switch (kind) {
                case RTO -> "the path never recovered";
                case TTR -> r.get().recovered() ? "no recovery-started marker" : "the path never recovered";
                case DETECTION -> "no failure was observed after the disruption";
            };
            return ObjectiveMessages.notMeasured(name(), what, phase, "≤", budget.toString(),
                    ObjectiveMessages.millis(budget), "ms", why);
        }
        return ObjectiveMessages.judged(name(), what, phase, "≤", budget.toString(), ObjectiveMessages.millis(budget),
                measured.toString(), ObjectiveMessages.millis(measured), "ms", measured.compareTo(budget) <= 0);
    }
}
