package dev.firedrill.measure;

import dev.firedrill.DrillMeasurements;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Phase;
import dev.firedrill.PhaseStats;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** An error rate or a latency percentile of one path in one phase, strictly below a limit. */
record PhaseObjective(String path, Phase phase, double maxErrorRate, int percentile, Duration maxLatency)
        implements Objective {

    PhaseObjective {
        Slos.requirePath(path);
        Objects.requireNonNull(phase, "phase must not be null (objective on path '" + path + "')");
        if (maxLatency == null) {
            if (!(maxErrorRate > 0 && maxErrorRate <= 1)) {
                throw new IllegalArgumentException("Error rate limit for path '" + path + "' in phase " + phase.id()
                        + " must be a share in (0, 1], e.g. 0.01 for 1 %, was " + maxErrorRate);
            }
        } else {
            if (percentile != 50 && percentile != 95 && percentile != 99) {
                throw new IllegalArgumentException("Latency percentile for path '" + path + "' must be 50, 95 or 99, was "
                        + percentile);
            }
            Slos.requireBudget(maxLatency, "p" + percentile + " latency of path '" + path + "'");
        }
    }

    private boolean isLatency() {
        return maxLatency != null;
    }

    @Override
    public String describe() {
        return isLatency() ? "p" + percentile + " latency of path '" + path + "' in phase " + phase.id() + " below " + Objectives.words(maxLatency)
                : "error rate of path '" + path + "' in phase " + phase.id() + " below " + ObjectiveMessages.percent(maxErrorRate);
    }

    @Override
    public String name() {
        return (isLatency() ? "p" + percentile + "-latency" : "error-rate") + "(" + path + ", " + phase.id() + ")";
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        Optional<PhaseStats> s = m.phaseStats(path, phase);
        String what = isLatency() ? "p" + percentile + " latency of path '" + path + "'"
                : "Error rate of path '" + path + "'";
        String targetText = isLatency() ? maxLatency.toString() : ObjectiveMessages.percent(maxErrorRate);
        String targetValue = isLatency() ? ObjectiveMessages.millis(maxLatency) : ObjectiveMessages.share(maxErrorRate);
        String unit = isLatency() ? "ms" : "ratio";
        if (s.isEmpty() || s.get().count() == 0) {
            return ObjectiveMessages.notMeasured(name(), what, phase.id(), "<", targetText, targetValue, unit,
                    "no observations of path '" + path + "' in this phase");
        }
        PhaseStats st = s.get();
        if (isLatency()) {
            Duration d = switch (percentile) {
                case 50 -> st.p50();
                case 95 -> st.p95();
                default -> st.p99();
            };
            return ObjectiveMessages.judged(name(), what, phase.id(), "<", targetText, targetValue,
                    d + " (" + st.count() + " observations)", ObjectiveMessages.millis(d), unit,
                    d.compareTo(maxLatency) < 0);
        }
        return ObjectiveMessages.judged(name(), what, phase.id(), "<", targetText, targetValue,
                ObjectiveMessages.percent(st.errorRate()) + " (" + st.errors() + " of " + st.count() + ")",
                ObjectiveMessages.share(st.errorRate()), unit, st.errorRate() < maxErrorRate);
    }
}
