package dev.firedrill.measure;

import com.google.auto.service.AutoService;
import dev.firedrill.Phase;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindDescriptor.Measure;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Param;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static dev.firedrill.kind.KindDescriptor.objective;
import static dev.firedrill.kind.Param.Type.DURATION;
import static dev.firedrill.kind.Param.Type.INTEGER;
import static dev.firedrill.kind.Param.Type.SHARE;
import static dev.firedrill.kind.Param.Type.TEXT;
import static dev.firedrill.kind.Param.optional;
import static dev.firedrill.kind.Param.required;

/**
 * The objectives a drill file names under {@code objectives: - objective:}, each built through {@link Slos} as a Java
 * drill builds it. Those that measure RTO or RPO say so ({@link Measure}): a drill file that sets one of them has its
 * own target, and the DR policy's target of that measure is judged beside it under the name {@code policy:<name>}.
 */
@AutoService(KindProvider.class)
public final class ObjectiveKinds implements KindProvider {

    private static final Param PATH = optional("path", TEXT, "write", "the probed path, e.g. write, read, cache, load");
    private static final Param PHASE = Param.choice("phase", true, null, Arrays.stream(Phase.values()).map(Phase::id).toList(), "the phase judged");

    /** Firedrill's first table of its kinds: listed before the kinds added later in classes of their own. */
    @Override
    public int order() {
        return FIRST;
    }

    @Override
    public List<KindDescriptor<?>> kinds() {
        return List.of(
                objective("rto", "disruption → first success of the steady run after the last failure window, at most max")
                        .param(PATH, required("max", DURATION, "target")).measures(Measure.RTO)
                        .build(a -> Slos.rto(a.text("path"), a.duration("max"))),
                objective("ttr", "recovery-started → first success of the steady run after the last failure window, at most max")
                        .param(PATH, required("max", DURATION, "target")).measures(Measure.RTO)
                        .build(a -> Slos.ttr(a.text("path"), a.duration("max"))),
                objective("detection", "first failure within a bound of the disruption")
                        .param(PATH, required("within", DURATION, "target"))
                        .build(a -> Slos.detectionWithin(a.text("path"), a.duration("within"))),
                objective("no-acknowledged-writes-lost", "no acknowledged write lost").measures(Measure.RPO)
                        .build(a -> Slos.noAcknowledgedWritesLost()),
                objective("rpo-lost-writes", "at most N acknowledged writes lost before the disruption")
                        .param(required("max", INTEGER, "N")).measures(Measure.RPO)
                        .build(a -> a.integer("max") == 0 ? Slos.noAcknowledgedWritesLost() : Slos.atMostLostWrites(a.integer("max"))),
                objective("rpo-window", "RPO window at most max")
                        .param(required("max", DURATION, "target")).measures(Measure.RPO)
                        .build(a -> Slos.rpoWindowAtMost(a.duration("max"))),
                objective("rpo-window-within-backup-age", "RPO window at most the backup's age plus slack")
                        .param(optional("slack", DURATION, Duration.ofSeconds(5), "slack")).measures(Measure.RPO)
                        .build(a -> Slos.rpoWindowWithinBackupAge(a.duration("slack"))),
                objective("nothing-lost-before-recovery-point", "no write acknowledged before recovery-point missing").measures(Measure.RPO)
                        .build(a -> Slos.lostBeforeRecoveryPointNone()),
                objective("lost-exactly-since-recovery-point", "the writes a restore lost are exactly the acknowledged writes since"
                        + " recovery-point (invoked after it, before the recovery started): all gone, none lost before it or after the"
                        + " restore; needs a writer with restore: backup").measures(Measure.RPO)
                        .build(a -> Slos.lostExactlySinceRecoveryPoint()),
                objective("nothing-present-after-target", "no write invoked after the PITR target present")
                        .build(a -> Slos.presentAfterTargetNone()),
                objective("nothing-lost-after-disruption", "no write acknowledged after the disruption lost")
                        .build(a -> Slos.nothingLostAfterDisruption()),
                objective("error-rate", "error rate of a path in a phase strictly below max")
                        .param(PATH, PHASE, required("below", SHARE, "e.g. 1%"))
                        .build(a -> Slos.errorRateBelow(a.text("path"), Phase.valueOf(a.text("phase").toUpperCase(Locale.ROOT)), a.number("below"))),
                objective("latency", "a latency percentile of a path in a phase strictly below max")
                        .param(PATH, PHASE, Param.choice("percentile", false, "95", List.of("50", "95", "99"), "50, 95 or 99"),
                                required("below", DURATION, "target"))
                        .build(a -> Slos.latencyPercentileBelow(a.text("path"), Phase.valueOf(a.text("phase").toUpperCase(Locale.ROOT)),
                                Integer.parseInt(a.text("percentile")), a.duration("below"))),
                objective("expect-outage", "the path must go down after the disruption (a fault that never bit fails the drill)")
                        .param(PATH)
                        .build(a -> Slos.outageExpected(a.text("path"))),
                objective("invariant", "what a probed path checks must hold: at every observation from the steady state to the end"
                        + " (always), or at the last (at-end); missed, the drill fails with the instants it broke")
                        .param(required("path", TEXT, "the probed path, e.g. primaries (a leaders probe)"),
                                dev.firedrill.kind.Param.choice("holds", false, "always", java.util.List.of("always", "at-end"), "when it must hold"))
                        .build(a -> Slos.invariant(a.text("path"), "always".equals(a.text("holds")))),
                objective("names-cause", "a failed answer of the path names the cause during the outage")
                        .param(PATH, required("cause", TEXT, "text the answer must contain"))
                        .build(a -> Slos.namesCause(a.text("path"), a.text("cause"))),
                objective("no-failure-naming", "no failed answer of the path names cause, from the steady state to the end: a failure"
                        + " the change must never cause, judged by what the answers say rather than how long they lasted")
                        .param(PATH, required("cause", TEXT, "text no failed answer may contain, e.g. 'does not match the database schema'"))
                        .build(a -> Slos.noFailureNaming(a.text("path"), a.text("cause"))));
    }
}
