package dev.firedrill.measure;

import com.google.auto.service.AutoService;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.time.Duration;
import java.util.List;

import static dev.firedrill.kind.KindDescriptor.objective;
import static dev.firedrill.kind.Param.Type.DURATION;
import static dev.firedrill.kind.Param.Type.TEXT;
import static dev.firedrill.kind.Param.optional;

/**
 * The objectives of a change under a maintenance mode ({@link MaintenanceSlos}): read-only-stretches, maintenance-page,
 * writes-frozen-during, refused-writes-absent.
 */
@AutoService(KindProvider.class)
public final class MaintenanceObjectiveKinds implements KindProvider {

    private static final Param PATH = optional("path", TEXT, "write", "the probed path, e.g. write, read");

    @Override
    public List<KindDescriptor<?>> kinds() {
        return List.of(
                objective("read-only-stretches", "the path fails only where the maintenance mode explains it: inside read-only (between the"
                        + " notes '<service> mode: ... -> readonly' and '... -> off' of maintenance-mode) each failed answer names cause, and"
                        + " outside it each failure window lasts at most gap (a deploy's recreation)")
                        .param(PATH, optional("cause", TEXT, null, "text each failure in read-only must contain, e.g. read-only; left"
                                        + " out: nothing may fail in read-only (reads)"),
                                optional("gap", DURATION, Duration.ZERO, "the longest failure window allowed outside read-only"))
                        .build(a -> MaintenanceSlos.failsOnlyInReadOnly(a.text("path"), a.has("cause") ? a.text("cause") : null,
                                a.duration("gap"))),
                objective("maintenance-page", "users saw the maintenance page throughout the window: between the notes '<service> mode:"
                        + " off -> maintenance' and '... -> off' every answer of the path is a failure naming cause (from the service, or"
                        + " from the edge in front of it while it was down) and none is served; outside it each failure window lasts at"
                        + " most gap")
                        .param(PATH, optional("cause", TEXT, "maintenance", "text every answer in the window must contain"),
                                optional("gap", DURATION, Duration.ofSeconds(1), "the longest failure window allowed outside maintenance"))
                        .build(a -> MaintenanceSlos.maintenancePageOnly(a.text("path"), a.text("cause"), a.duration("gap"))),
                objective("writes-frozen-during", "no success of the path while a step whose name starts with steps ran, e.g. no write"
                        + " acknowledged during a migration")
                        .param(PATH, optional("steps", TEXT, "migrate", "the steps' name (migrate: every migration)"))
                        .build(a -> MaintenanceSlos.writesFrozenDuring(a.text("path"), a.text("steps"))),
                objective("refused-writes-absent", "no write the service refused (a definite failure) is in the database (the"
                        + " ledger's failed_but_present)")
                        .build(a -> MaintenanceSlos.refusedWritesAbsent()));
    }
}
