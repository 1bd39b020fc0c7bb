package dev.firedrill;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a {@link Drill}: prove the steady state, inject the faults, hold, run the recovery procedure,
 * wait until steady again, observe the after phase, then measure and judge.
 *
 * <p>Whatever happens (a step throws, a wait times out, the thread is interrupted, the JVM shuts
 * down) every injected fault is undone and every probe and workload is stopped. The outcome is a
 * {@link DrillResult}: {@code passed} or {@code failed} from the objectives, {@code broken} when the
 * harness could not do its job (steady state never proven, a fault that did not take effect, a
 * recovery step that threw), with the reason.
 *
 * <p>A drill with a procedure and no fault is a planned change (D14, a rolling restart): the procedure's
 * start is marked as both {@code disruption} and {@code recovery-started} (so {@code during} is empty and
 * {@code recovery} spans the procedure), and {@code recovered} once every probed path is steady after
 * the procedure finished.
 *
 * <p>Example: {@code DrillResult result = runner.run(drill, stack);}
 */
public final class DrillRunner {

    /** The timeline note of a fault target named by a selector, resolved when the fault acted: {@code <selector> -> <service> (<why>)}. */
    public static final String TARGET_RESOLVED = "target-resolved";


    private static final Logger LOG = Logger.getLogger(DrillRunner.class.getName());
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Set<Injection> ACTIVE = Collections.synchronizedSet(new LinkedHashSet<>());
    private static final Set<Execution> RUNNING = Collections.synchronizedSet(new LinkedHashSet<>());
    /** How long a JVM shutdown (Ctrl-C) waits for running drills to revert their faults and write their reports. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(60);
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(200);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> abortAll("the JVM is shutting down (Ctrl-C or SIGTERM)", SHUTDOWN_GRACE),
                "firedrill-undo-faults"));
    }

    private final HarnessClock clock;
    private final Analysis analysis;
    private final BiFunction<DrillResult, Recording, DrillResult> onFinished;
    private final Function<Drill, List<Objective>> standingObjectives;
    private final SafetyRails safety;
    private final Pacing pacing;
    private final LeftoverJournal journal;

    /** A runner reading {@code clock}, measuring with {@code analysis}, telling {@code onFinished} each result. */
    public DrillRunner(HarnessClock clock, Analysis analysis, BiConsumer<DrillResult, Recording> onFinished) {
        this(clock, analysis, onFinished, null);
    }

    private DrillRunner(HarnessClock clock, Analysis analysis, BiConsumer<DrillResult, Recording> onFinished,
            BiFunction<DrillResult, Recording, DrillResult> annotating) {
        this.clock = clock;
        this.analysis = analysis;
        this.onFinished = annotating != null ? annotating : (result, recording) -> {
            onFinished.accept(result, recording);
            return result;
        };
        this.standingObjectives = drill -> List.of();
        this.safety = SafetyRails.none();
        this.pacing = Pacing.realTime();
        this.journal = LeftoverJournal.none();
    }

    private DrillRunner(DrillRunner base, Function<Drill, List<Objective>> standingObjectives, SafetyRails safety, Pacing pacing,
            LeftoverJournal journal) {
        this.clock = base.clock;
        this.analysis = base.analysis;
        this.onFinished = base.onFinished;
        this.standingObjectives = standingObjectives;
        this.safety = safety;
        this.pacing = pacing;
        this.journal = journal;
    }

    /**
     * This runner judging every drill also on the objectives {@code standing} gives for it (e.g. the
     * regression gate against the baseline), after the drill's own, exactly like them.
     */
    public DrillRunner withStandingObjectives(Function<Drill, List<Objective>> standing) {
        java.util.Objects.requireNonNull(standing, "standing objectives must not be null");
        return new DrillRunner(this, standing, safety, pacing, journal);
    }

    /**
     * This runner keeping every drill within {@code rails}: the allow-list is checked before anything starts,
     * the stop before every step and while waiting, the guards while the drill runs; a stop or a guard
     * reverts every injected fault at once.
     */
    public DrillRunner withSafety(SafetyRails rails) {
        java.util.Objects.requireNonNull(rails, "safety rails must not be null; use SafetyRails.none()");
        return new DrillRunner(this, standingObjectives, rails, pacing, journal);
    }

    /**
     * This runner waiting with {@code pacing}: real time by default; a test gives {@link Pacing#stepping} with the
     * runner's {@link ManualClock}, so holds, steady waits and after phases pass without real time.
     */
    public DrillRunner withPacing(Pacing pacing) {
        java.util.Objects.requireNonNull(pacing, "pacing must not be null; use Pacing.realTime()");
        return new DrillRunner(this, standingObjectives, safety, pacing, journal);
    }

    /**
     * This runner writing what each fault is about to leave to {@code journal} before the fault acts, and what was undone
     * ({@link LeftoverJournal}): the promise that a killed run's faults are undone by the next start.
     */
    public DrillRunner withJournal(LeftoverJournal journal) {
        java.util.Objects.requireNonNull(journal, "journal must not be null; use LeftoverJournal.none()");
        return new DrillRunner(this, standingObjectives, safety, pacing, journal);
    }

    /** The safety rails this runner keeps to. */
    public SafetyRails safety() {
        return safety;
    }

    /**
     * A runner whose reporting may return the result with a fuller reason (e.g. where the container
     * logs were written); it must not change the verdict, and the runner keeps its own result if it does.
     */
    public static DrillRunner annotating(HarnessClock clock, Analysis analysis,
            BiFunction<DrillResult, Recording, DrillResult> onFinished) {
        return new DrillRunner(clock, analysis, null, onFinished);
    }

    /** What a finished drill recorded, for reporters: the timeline, and the workloads' ledgers to export. */
    public record Recording(Drill drill, Timeline timeline, List<Workload.Running> workloads) {

        /** Writes each workload's operations into {@code folder}; returns the files written. */
        public List<Path> exportLedgers(Path folder) {
            List<Path> files = new ArrayList<>();
            for (Workload.Running workload : workloads) {
                workload.export(folder).ifPresent(files::add);
            }
            return files;
        }
    }

    /**
     * Runs the drill against {@code system} and returns its result, passed or failed (assert on it);
     * throws {@link DrillBrokenException} when the drill is broken. Either way it is reported first.
     */
    public DrillResult run(Drill drill, SystemUnderTest system) {
        DrillResult result = execute(drill, system);
        if (result.verdict() == Verdict.BROKEN) {
            throw new DrillBrokenException(result);
        }
        return result;
    }

    /** Runs the drill and returns its result whatever the verdict, broken included. */
    public DrillResult execute(Drill drill, SystemUnderTest system) {
        Execution execution = new Execution(drill, system);
        RUNNING.add(execution);
        try {
            return runAndReport(execution);
        } finally {
            RUNNING.remove(execution);
            execution.finished.countDown();   // an abort of every drill (JVM shutdown) waits until it is reported
        }
    }

    private DrillResult runAndReport(Execution execution) {
        Drill drill = execution.drill;
        DrillResult result = execution.run();
        try {
            DrillResult reported = onFinished.apply(result, new Recording(drill, execution.timeline, execution.workloads));
            if (reported != null && reported.verdict() == result.verdict()) {
                result = reported;
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Reporting drill " + drill.id() + " failed; its verdict stands", e);
        } finally {
            execution.workloads.forEach(Workload.Running::close);
        }
        return result;
    }

    /** One run of one drill: the mutable state lives here, never in the runner. */
    private final class Execution {
        private final Drill drill;
        private final SystemUnderTest system;
        private final Timeline timeline = new Timeline(clock);
        private final List<StepRecord> steps = new ArrayList<>();
        private final List<Probe.Running> probes = new ArrayList<>();
        private final List<Workload.Running> workloads = new ArrayList<>();
        private final List<Injection> injections = Collections.synchronizedList(new ArrayList<>());
        private final List<String> faultNames = Collections.synchronizedList(new ArrayList<>());
        /** The fault journal's entries of each registered injection: marked undone when it is. */
        private final java.util.Map<Injection, List<String>> journalled = new java.util.concurrent.ConcurrentHashMap<>();
        private volatile Abort abort;
        private volatile TimePoint guardsFrom;
        private final java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);

        Execution(Drill drill, SystemUnderTest system) {
            this.drill = drill;
            this.system = system;
        }

        DrillResult run() {
            TimePoint started = timeline.startedAt();
            Verdict brokenOrNull = null;
            String reason = null;
            Thread watcher = null;
            try {
                validateFaultsAndSteps();
                checkAbort();
                for (Function<SystemUnderTest, Probe> factory : drill.probes()) {
                    Probe probe = factory.apply(system);
                    Probe.Running running = probe.start(timeline);
                    probes.add(probe.steadyState() ? running : new WatchOnly(running));
                }
                for (Guard guard : safety.guards()) {
                    if (guard.probe() != null) {
                        probes.add(new WatchOnly(guard.probe().apply(system).start(timeline)));
                    }
                }
                watcher = startWatcher();
                TimePoint workloadsStarted = clock.now();
                for (Workload workload : drill.workloads()) {
                    workloads.add(workload.start(system, timeline));
                }
                awaitSteady("steady state before the fault", drill.steadyBudget(), started);
                timeline.mark(Marker.STEADY_PROVEN, "every probed path steady (" + drill.steadyRun() + " consecutive successes)");
                guardsFrom = timeline.first(Marker.STEADY_PROVEN).orElseThrow();

                for (Preparation preparation : drill.preparations()) {
                    step(preparation.name(), () -> preparation.run(system, timeline));
                }
                awaitWarmUp(workloadsStarted);

                // 'disruption' is the instant the last fault acted (the ones before it set the stage: D11 cuts the
                // replication stream, then kills the primary), as the fault itself reports it; 'fault-verified' is when
                // its check saw the effect. A fault that never reports acting is dated when its injection began. A fault
                // that marks the disruption (D20: the bad release, before its migration) fixes it at its own acting.
                TimePoint disruption = null;
                boolean disruptionMarked = false;
                for (Fault fault : drill.faults()) {
                    AtomicReference<TimePoint> acted = new AtomicReference<>();
                    TimePoint injectionBegan = timeline.clock().now();
                    List<String> journalIds = Collections.synchronizedList(new ArrayList<>());
                    step("inject " + fault.name(), () -> {
                        // The undo is known as soon as the fault acts, before its check ends: a stop meanwhile reverts it.
                        Injection injection = fault.inject(system, new FaultEvents() {
                            @Override
                            public void accept(Injection undo) {
                                register(fault, undo, journalIds);
                            }

                            @Override
                            public void acting() {
                                acted.compareAndSet(null, timeline.clock().now());
                            }

                            @Override
                            public void acting(java.time.Instant at) {
                                acted.compareAndSet(null, TimePoint.atWall(at, timeline.clock().now()));
                            }

                            @Override
                            public void observed(String kind, String detail, java.time.Instant at) {
                                timeline.note(kind, detail, TimePoint.atWall(at, timeline.clock().now()));
                            }

                            @Override
                            public void resolved(String selector, String service, String why) {
                                timeline.note(TARGET_RESOLVED, selector + " -> " + service + " (" + why + ")");
                            }

                            @Override
                            public void changed(ReleaseChange change) {
                                timeline.note(ReleaseChange.NOTE, change.detail());
                            }

                            @Override
                            public void willLeave(Leftover leftover) {
                                journalIds.add(journal.willLeave(fault.name(), leftover));
                            }
                        });
                        register(fault, injection, journalIds);
                        return "took effect";
                    });
                    if (!disruptionMarked) {
                        disruption = acted.get() != null ? acted.get() : injectionBegan;
                        disruptionMarked = fault.marksDisruption();
                    }
                    timeline.mark(Marker.FAULT_VERIFIED, fault.name());
                }
                if (disruption != null) {
                    timeline.mark(Marker.DISRUPTION, String.join(", ", faultNames), disruption);
                    if (drill.trigger() == null) {
                        // The hold counts from the disruption: the check that the fault took effect is part of it.
                        Duration left = drill.hold().minus(clock.now().since(disruption));
                        pause("hold " + drill.hold(), left.isNegative() ? Duration.ZERO : left);
                    }
                }
                boolean detected = drill.trigger() == null || drill.faults().isEmpty() || awaitDetection();

                TimePoint recoveryStarted = null;
                boolean planned = drill.faults().isEmpty() && !drill.recoveries().isEmpty();
                for (Recovery recovery : detected ? drill.recoveries() : List.<Recovery>of()) {
                    if (recoveryStarted == null) {
                        recoveryStarted = clock.now();
                        if (planned) {   // a planned change (D14): the procedure itself is the disruption
                            timeline.mark(Marker.DISRUPTION, "planned change: " + recovery.name(), recoveryStarted);
                        }
                        timeline.mark(Marker.RECOVERY_STARTED, recovery.name(), recoveryStarted);
                    }
                    if (recovery instanceof Recovery.RevertFaults) {
                        step("revert faults", () -> {
                            revertFaults();
                            return "reverted " + faultNames;
                        });
                    } else if (recovery instanceof Recovery.WaitUntil wait) {
                        step(wait.name(), () -> awaitPath(wait));
                    } else {
                        step(recovery.name(), () -> recovery.run(system, timeline));
                        recovery.restoresInto().ifPresent(t -> timeline.note(Recovery.RestoreTarget.NOTE, t.detail()));
                    }
                }
                if (recoveryStarted != null) {
                    timeline.mark(Marker.RECOVERY_FINISHED, "procedure done");
                }
                if (!drill.faults().isEmpty()) {
                    if (recoveryStarted == null) {
                        timeline.note("no-recovery-step", "no recovery step: the system must recover by itself (TTR does not apply)");
                    }
                    awaitRecovered(recoveryStarted);
                } else if (planned) {
                    awaitSteadyAfterPlannedChange();
                }
                observeAfterPhase();
            } catch (Aborted e) {
                brokenOrNull = e.abort.verdict();   // the reason is set below
            } catch (StepFailed e) {
                brokenOrNull = Verdict.BROKEN;
                reason = e.getMessage();
            } catch (FaultNotEffectiveException e) {
                brokenOrNull = Verdict.BROKEN;
                reason = "fault did not take effect: " + e.getMessage();
            } catch (NotSteady | DrillNotApplicable e) {
                brokenOrNull = Verdict.BROKEN;
                reason = e.getMessage();
            } catch (RuntimeException e) {
                brokenOrNull = Verdict.BROKEN;
                reason = "harness error: " + e;
                LOG.log(Level.WARNING, "Drill " + drill.id() + " broke", e);
            } finally {
                if (watcher != null) {
                    watcher.interrupt();
                }
                // Probes first: the last answers on record are the ones before the cleanup's undo.
                probes.forEach(Probe.Running::close);
                revertFaults();
                workloads.forEach(Workload.Running::stop);
                timeline.mark(Marker.END, "drill finished");
            }
            Abort stopped = abort;
            if (stopped != null) {   // whatever broke after it (a step whose fault the watcher reverted) is its consequence
                brokenOrNull = stopped.verdict();
                reason = stopped.reason() + "; every injected fault was reverted"
                        + (faultNames.isEmpty() ? " (none had been injected)" : ": " + String.join(", ", List.copyOf(faultNames)));
            }
            return judge(started, brokenOrNull, reason);
        }

        private DrillResult judge(TimePoint started, Verdict broken, String brokenReason) {
            LedgerReport ledger = null;
            String ledgerProblem = null;
            for (Workload.Running workload : workloads) {
                try {
                    ledger = workload.report(timeline);   // the first workload with a ledger is the drill's ledger of record
                    if (ledger != null) {
                        break;
                    }
                } catch (RuntimeException e) {
                    ledgerProblem = "could not read back the ledger: " + e.getMessage();
                }
            }
            DrillMeasurements measurements = analysis.measure(drill, timeline, ledger);
            List<ObjectiveResult> judged = new ArrayList<>();
            List<Objective> objectives = new ArrayList<>(drill.objectives());
            objectives.addAll(standingObjectives.apply(drill));
            for (Objective objective : objectives) {
                judged.add(objective.judge(measurements).withSource(objective.source()));
            }
            Verdict verdict;
            String reason;
            if (broken != null) {
                verdict = broken;
                reason = brokenReason;
            } else if (ledgerProblem != null && ledger == null) {
                verdict = Verdict.BROKEN;
                reason = ledgerProblem;
            } else {
                List<ObjectiveResult> missed = judged.stream().filter(o -> !o.passed()).toList();
                verdict = missed.isEmpty() ? Verdict.PASSED : Verdict.FAILED;
                reason = missed.isEmpty() ? null : describeMisses(missed, measurements);
                if (drill.expectsFailure()) {
                    // A can-fail variant: it must miss every objective it names; missing more is said, and still shows it can fail.
                    List<String> missedNames = missed.stream().map(ObjectiveResult::name).toList();
                    List<String> met = drill.mustMiss().stream().filter(n -> !missedNames.contains(n)).toList();
                    if (met.isEmpty()) {
                        verdict = Verdict.FAILED_AS_EXPECTED;
                        reason = "failed as it must: " + reason;
                    } else {
                        verdict = Verdict.FAILED;
                        reason = "a can-fail variant must miss " + drill.mustMiss() + ", and it met " + met
                                + (missed.isEmpty() ? ": it passed, so this variant cannot fail the drill" : "; " + reason);
                    }
                }
            }
            return new DrillResult(drill.id(), drill.title(), drill.suites(), drill.runbook(), verdict, reason,
                    measurements, judged, steps, started, clock.now(), drill.exercise());
        }

        private String describeMisses(List<ObjectiveResult> missed, DrillMeasurements measurements) {
            StringBuilder text = new StringBuilder("Drill ").append(drill.id()).append(" missed ")
                    .append(missed.size()).append(missed.size() == 1 ? " objective" : " objectives")
                    .append(" after ").append(faultNames.isEmpty() ? "no fault" : "fault " + String.join(", ", faultNames)).append(':');
            for (ObjectiveResult miss : missed) {
                text.append("\n  - ").append(miss.message());
            }
            for (String path : timeline.paths()) {
                boolean recovered = measurements.recovery(path).map(RecoveryMeasurement::recovered).orElse(true);
                if (!recovered) {
                    List<Observation> observed = timeline.observations(path);
                    if (!observed.isEmpty()) {
                        Observation last = observed.get(observed.size() - 1);
                        text.append("\n  path '").append(path).append("' never steady again; last probe at ")
                                .append(last.start().wall()).append(" answered: ").append(last.detail());
                    }
                }
            }
            return text.toString();
        }

        /** Waits until every workload has written for its warm-up ({@link Workload#warmUp()}) before the first fault. */
        private void awaitWarmUp(TimePoint workloadsStarted) {
            Duration warmUp = drill.workloads().stream().map(Workload::warmUp).max(Duration::compareTo).orElse(Duration.ZERO);
            Duration left = warmUp.minus(clock.now().since(workloadsStarted));
            if (!drill.faults().isEmpty() && left.compareTo(Duration.ZERO) > 0) {
                timeline.note("warm-up", "the workloads write for " + warmUp + " before the first fault");
                pause("warm-up " + warmUp, left);
            }
        }

        private void step(String name, StepAction action) {
            checkAbort();
            TimePoint start = clock.now();
            timeline.note("step-started", name);
            try {
                String output = action.run();
                steps.add(new StepRecord(name, start, clock.now(), "passed", output));
                timeline.note("step-finished", name);
            } catch (FaultNotEffectiveException e) {
                steps.add(new StepRecord(name, start, clock.now(), "broken", e.getMessage()));
                timeline.note("step-failed", name + ": " + e.getMessage());
                throw e;
            } catch (RuntimeException e) {
                String output = e instanceof StepFailure failure && !failure.output().isEmpty()
                        ? failure.getMessage() + "\n\n--- output ---\n" + failure.output() : String.valueOf(e.getMessage());
                steps.add(new StepRecord(name, start, clock.now(), "failed", output));
                timeline.note("step-failed", name + ": " + e.getMessage());
                throw new StepFailed("step '" + name + "' failed: " + e.getMessage(), e);
            }
        }

        /** Every preparation, fault and recovery step is checked before anything starts; all mistakes are named at once. */
        private void validateFaultsAndSteps() {
            List<String> refused = safety.refusals(drill);
            if (!refused.isEmpty()) {
                String reason = "refused by the allow-list, nothing was started: " + String.join("; ", refused);
                timeline.note("drill-refused", reason);
                throw new DrillNotApplicable(reason);
            }
            List<String> problems = new ArrayList<>();
            cannotAct(drill.preparations(), "preparations").ifPresent(problems::add);
            cannotAct(drill.faults(), "faults").ifPresent(problems::add);
            cannotAct(drill.recoveries(), "recovery steps").ifPresent(problems::add);
            if (!problems.isEmpty()) {
                String reason = "drill does not apply to this system, nothing was injected: " + String.join("; ", problems);
                timeline.note("drill-invalid", reason);
                throw new DrillNotApplicable(reason);
            }
        }

        /** "N of M {@code what} cannot act on it: name: why; ..." for the items whose check refuses this system, if any. */
        private Optional<String> cannotAct(List<? extends DrillStep> items, String what) {
            List<String> refused = new ArrayList<>();
            for (DrillStep item : items) {
                try {
                    item.checkOn(system);
                } catch (IllegalArgumentException e) {
                    refused.add(item.name() + ": " + e.getMessage());
                }
            }
            return refused.isEmpty() ? Optional.empty()
                    : Optional.of(refused.size() + " of " + items.size() + " " + what + " cannot act on it: " + String.join("; ", refused));
        }

        /** Waits, at most the hold, for the drill's trigger to fire; notes when it did, or that the recovery will not start. */
        private boolean awaitDetection() {
            Detector trigger = drill.trigger();
            TimePoint disruption = timeline.first(Marker.DISRUPTION).orElseThrow();
            if (!pacing.until("detection by " + trigger.name(), drill.hold(), POLL,
                    () -> checkAbort() && trigger.firedAt(timeline, disruption).isPresent())) {
                timeline.note("not-detected", trigger.name() + " did not fire within " + drill.hold() + "; the recovery does not start");
                return false;
            }
            TimePoint fired = trigger.firedAt(timeline, disruption).orElseThrow();
            timeline.note("detected", trigger.name() + " fired " + fired.since(disruption).toMillis() + " ms after the disruption");
            return true;
        }

        /**
         * Makes {@code injection} one the drill reverts (once, however often it is handed over), its fault journal entries
         * {@code journalIds} marked undone when it is. Stopped meanwhile: reverted here, since the watcher may have
         * reverted before it was known.
         */
        private void register(Fault fault, Injection injection, List<String> journalIds) {
            boolean stopped;
            synchronized (this) {
                if (!injections.contains(injection)) {
                    injections.add(injection);
                    journalled.put(injection, journalIds);
                    ACTIVE.add(injection);
                    if (!faultNames.contains(fault.name())) {
                        faultNames.add(fault.name());
                    }
                }
                stopped = abort != null;
            }
            if (stopped) {
                revertFaults();
            }
        }

        private synchronized void revertFaults() {
            boolean any = false;
            for (Injection injection : List.copyOf(injections)) {
                try {
                    injection.close();
                    journal.undone(List.copyOf(journalled.getOrDefault(injection, List.of())));
                    any = true;
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "Could not undo a fault of drill " + drill.id() + ": " + e.getMessage(), e);
                } finally {
                    ACTIVE.remove(injection);
                }
            }
            if (any && timeline.first(Marker.FAULT_REVERTED).isEmpty()) {
                timeline.mark(Marker.FAULT_REVERTED, String.join(", ", List.copyOf(faultNames)));
            }
        }

        private void awaitSteady(String what, Duration budget, TimePoint since) {
            if (!pacing.until(what, budget, POLL, () -> checkAbort() && drillProbes().allMatch(p -> steadySince(p.path(), since)))) {
                throw new NotSteady("Drill " + drill.id() + ": no " + what + " within " + budget + "; " + lastAnswers());
            }
        }

        private void awaitRecovered(TimePoint recoveryStarted) {
            TimePoint since = recoveryStarted != null ? recoveryStarted : timeline.first(Marker.DISRUPTION).orElseThrow();
            if (!pacing.until("steady again after the recovery", drill.recoveryBudget(), POLL,
                    () -> checkAbort() && drillProbes().allMatch(p -> steadySince(p.path(), since)))) {
                LOG.info("Drill " + drill.id() + " not steady within " + drill.recoveryBudget() + "; " + lastAnswers());
                return;   // the objectives judge it: RTO is null, the drill fails
            }
            DrillMeasurements measured = analysis.measure(drill, timeline, null);
            measured.recoveryByPath().values().stream()
                    .filter(RecoveryMeasurement::recovered)
                    .max((a, b) -> a.firstSteadySuccess().isBefore(b.firstSteadySuccess()) ? -1 : 1)
                    .ifPresent(latest -> timeline.mark(Marker.RECOVERED, "every probed path steady again",
                            latest.firstSteadySuccess()));
        }

        /** The step {@code wait-until}: the path steady again, all K answers after the step began, within its bound. */
        private String awaitPath(Recovery.WaitUntil wait) {
            if (drillProbes().noneMatch(p -> p.path().equals(wait.path()))) {
                throw new IllegalArgumentException("no probe records path '" + wait.path() + "'; the drill's paths: "
                        + drillProbes().map(Probe.Running::path).toList());
            }
            TimePoint began = clock.now();
            if (!pacing.until(wait.name(), wait.within(), POLL, () -> checkAbort() && steadySince(wait.path(), began))) {
                throw new IllegalStateException("path '" + wait.path() + "' not steady within " + wait.within() + "; " + lastAnswers());
            }
            return "path '" + wait.path() + "' steady again after " + clock.now().since(began).toMillis() + " ms";
        }

        /**
         * A planned change never has to "come back": {@code recovered} is when every probed path is steady again
         * after the procedure finished (not the first steady run after its start, which may fall within it).
         */
        private void awaitSteadyAfterPlannedChange() {
            TimePoint finished = timeline.first(Marker.RECOVERY_FINISHED).orElseGet(clock::now);
            if (!pacing.until("steady after the planned change", drill.recoveryBudget(), POLL,
                    () -> checkAbort() && drillProbes().allMatch(p -> steadySince(p.path(), finished)))) {
                LOG.info("Drill " + drill.id() + " not steady within " + drill.recoveryBudget()
                        + " after its planned change; " + lastAnswers());
                return;
            }
            timeline.mark(Marker.RECOVERED, "every probed path steady after the planned change");
        }

        /** The last K observations of the path, all after {@code since}, succeeded within the latency objective. */
        private boolean steadySince(String path, TimePoint since) {
            List<Observation> observed = timeline.observations(path);
            int k = drill.steadyRun();
            if (observed.size() < k) {
                return false;
            }
            for (Observation o : observed.subList(observed.size() - k, observed.size())) {
                if (o.start().isBefore(since) || !o.succeededWithin(drill.latencyObjective())) {
                    return false;
                }
            }
            return true;
        }

        private String lastAnswers() {
            StringBuilder text = new StringBuilder("last probe answers:");
            for (Probe.Running probe : probes) {
                List<Observation> observed = timeline.observations(probe.path());
                text.append(" ").append(probe.path()).append("=")
                        .append(observed.isEmpty() ? "(none)" : observed.get(observed.size() - 1).detail());
            }
            return text.toString();
        }

        /**
         * Keeps probing until {@code recovered + settle + afterWindow} (from now when it never recovered); a path steady
         * again before the recovery started counts from {@code recovery-started}, as the phases do ({@link PhaseCut}).
         */
        private void observeAfterPhase() {
            TimePoint recovered = timeline.phaseCut(drill.settle()).recovered();
            TimePoint from = recovered != null ? recovered : clock.now();
            Duration remaining = drill.settle().plus(drill.afterWindow()).minus(clock.now().since(from));
            if (!remaining.isNegative()) {
                pause("settle and after phase", remaining);
            }
        }

        private void pause(String what, Duration length) {
            if (length.isZero()) {
                return;
            }
            TimePoint from = clock.now();
            pacing.until(what, length.plusSeconds(30), POLL, () -> checkAbort() && clock.now().since(from).compareTo(length) >= 0);
        }

        /** The drill's own probes (a guard's probe is watched, never waited for). */
        private java.util.stream.Stream<Probe.Running> drillProbes() {
            return probes.stream().filter(p -> !(p instanceof WatchOnly));
        }

        /** Throws {@link Aborted} once the drill must stop; true otherwise (so that it reads inside a wait's condition). */
        private boolean checkAbort() {
            if (abort == null) {
                Abort found = lookForAbort();
                if (found != null) {
                    abort(found);
                }
            }
            if (abort != null) {
                throw new Aborted(abort);
            }
            return true;
        }

        /** The stop signal or a guard that fired, or null. */
        private Abort lookForAbort() {
            Optional<String> stop = safety.stop().requested();
            if (stop.isPresent()) {
                return new Abort(Verdict.BROKEN, "drill " + drill.id() + " stopped: " + stop.get());
            }
            TimePoint from = guardsFrom;
            if (from != null) {
                for (Guard guard : safety.guards()) {
                    Optional<TimePoint> fired = guard.abortWhen().firedAt(timeline.observations(guard.path()), from);
                    if (fired.isPresent()) {
                        List<Observation> seen = timeline.observations(guard.path());
                        return new Abort(Verdict.FAILED, "drill " + drill.id() + " aborted: " + guard.name() + " fired "
                                + fired.get().since(from).toMillis() + " ms after the steady state"
                                + (seen.isEmpty() ? "" : "; last answer: " + seen.get(seen.size() - 1).detail()));
                    }
                }
            }
            return null;
        }

        /** Records the first abort and reverts every fault at once (from whichever thread saw it). */
        void abort(Abort why) {
            synchronized (this) {
                if (abort != null) {
                    return;
                }
                abort = why;
            }
            timeline.note("aborted", why.reason());
            revertFaults();
        }

        /** Watches the stop and the guards while the drill's own thread may be busy in a long step. */
        private Thread startWatcher() {
            if (safety.guards().isEmpty() && safety.stop() == StopSignal.never()) {
                return null;
            }
            Thread t = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted() && abort == null) {
                    try {
                        Abort found = lookForAbort();
                        if (found != null) {
                            abort(found);
                            return;
                        }
                        Thread.sleep(WATCH_INTERVAL.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Safety watch of drill " + drill.id() + " failed once: " + e.getMessage(), e);
                    }
                }
            }, "firedrill-safety-" + drill.id());
            t.setDaemon(true);
            t.start();
            return t;
        }
    }

    /** Why a drill stopped early, and the verdict it gets (broken when stopped, failed when a guard fired). */
    record Abort(Verdict verdict, String reason) {
    }

    /** A guard's own probe, or a probe that only watches (the alert watch): observed, never part of the drill's steady state. */
    private record WatchOnly(Probe.Running running) implements Probe.Running {
        @Override
        public String path() {
            return running.path();
        }

        @Override
        public long observations() {
            return running.observations();
        }

        @Override
        public void close() {
            running.close();
        }
    }

    /**
     * Aborts every drill running in this JVM with {@code reason}: each reverts its faults at once, then
     * ends, judges and reports; waits at most {@code grace} for them, then undoes whatever is still active.
     */
    public static void abortAll(String reason, Duration grace) {
        List<Execution> running;
        synchronized (RUNNING) {
            running = new ArrayList<>(RUNNING);
        }
        for (Execution execution : running) {
            try {
                execution.abort(new Abort(Verdict.BROKEN, "drill " + execution.drill.id() + " interrupted: " + reason));
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Could not abort drill " + execution.drill.id() + ": " + e.getMessage(), e);
            }
        }
        long deadline = System.nanoTime() + grace.toNanos();
        for (Execution execution : running) {
            try {
                execution.finished.await(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        undoActiveInjections();
    }

    /** Undo every fault still active in this JVM (shutdown hook: the JVM is going down mid-drill). */
    static void undoActiveInjections() {
        List<Injection> active;
        synchronized (ACTIVE) {
            active = new ArrayList<>(ACTIVE);
            ACTIVE.clear();
        }
        for (Injection injection : active) {
            try {
                injection.close();
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Could not undo a fault at shutdown: " + e.getMessage(), e);
            }
        }
    }

    /** Faults injected and not yet undone in this JVM. */
    static int activeInjections() {
        return ACTIVE.size();
    }

    @FunctionalInterface
    private interface StepAction {
        String run();
    }

    private static final class Aborted extends RuntimeException {
        private final Abort abort;

        Aborted(Abort abort) {
            super(abort.reason());
            this.abort = abort;
        }
    }

    private static final class StepFailed extends RuntimeException {
        StepFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final class DrillNotApplicable extends RuntimeException {
        DrillNotApplicable(String message) {
            super(message);
        }
    }

    private static final class NotSteady extends RuntimeException {
        NotSteady(String message) {
            super(message);
        }
    }
}
