package dev.firedrill.measure;

import com.google.auto.service.AutoService;
import dev.firedrill.DrillMeasurements;
import dev.firedrill.Marker;
import dev.firedrill.Objective;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Observation;
import dev.firedrill.TimePoint;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A standing check saw the damage before the disaster that needs the undamaged thing: a failed observation of the path,
 * complete (its answer in) before the drill's disruption (D29: the morning check of the backups finds the newest would
 * not restore before the database is lost). Measured: how long before the disruption the first such answer came.
 *
 * <p>In a drill file: {@code - {objective: caught-before-disruption, path: backups}}.
 *
 * @param path the probed path of the check
 */
record CaughtBeforeDisruptionObjective(String path) implements Objective {

    CaughtBeforeDisruptionObjective {
        Slos.requirePath(path);
    }

    /** The kind {@code caught-before-disruption}. */
    @AutoService(KindProvider.class)
    public static final class Kind implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.objective("caught-before-disruption", "a failed answer of the path's check came in before the"
                            + " disruption: the damage was caught before the disaster that needs the undamaged thing (D29)")
                    .param(Param.required("path", Param.Type.TEXT, "the probed path of the check, e.g. backups"))
                    .build(a -> new CaughtBeforeDisruptionObjective(a.text("path"))));
        }
    }

    @Override
    public String name() {
        return "caught-before-disruption(" + path + ")";
    }

    @Override
    public String describe() {
        return "a failed answer of path '" + path + "' before the disruption";
    }

    @Override
    public ObjectiveResult judge(DrillMeasurements m) {
        String what = "How long before the disruption path '" + path + "' first failed";
        Optional<TimePoint> disruption = m.timeline().first(Marker.DISRUPTION);
        if (disruption.isEmpty()) {
            return ObjectiveMessages.notMeasured(name(), what, null, ">", "0 ms", "0", "ms", "no disruption marker");
        }
        Optional<Observation> caught = m.timeline().observations(path).stream().filter(o -> !o.success())
                .filter(o -> o.start().plus(o.latency()).isBefore(disruption.get())).findFirst();
        if (caught.isEmpty()) {
            long answers = m.timeline().observations(path).stream().filter(o -> o.start().isBefore(disruption.get())).count();
            return ObjectiveMessages.notMeasured(name(), what, null, ">", "0 ms", "0", "ms", answers == 0
                    ? "no answer of the path before the disruption" : "its " + answers + " answers before the disruption all passed");
        }
        Observation first = caught.get();
        Duration ahead = disruption.get().since(first.start().plus(first.latency()));
        return ObjectiveMessages.judged(name(), what, null, ">", "0 ms", "0", ahead.toMillis() + " ms (" + first.detail() + ")",
                Long.toString(ahead.toMillis()), "ms", true);
    }
}
