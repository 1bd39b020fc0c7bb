package dev.firedrill;

import dev.firedrill.measure.DrillAnalysis;
import dev.firedrill.measure.Slos;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The runner's sequence and its guarantees, on a fake system behind the narrow seams (probe, fault,
 * recovery): a healthy flag the fault clears and the recovery or undo sets. Time is virtual: the runner waits
 * with {@link Pacing#stepping}, which moves the fake system's clock on by each poll and lets its probe answer.
 */
class DrillRunnerTest {

    private final FakeSystem system = new FakeSystem();
    private final List<DrillResult> reported = new ArrayList<>();
    private final DrillRunner runner = new DrillRunner(system.clock, DrillAnalysis::analyse,
            (result, recording) -> {
                reported.add(result);
            }).withPacing(Pacing.stepping(system.clock, system::step));

    private Drill.Builder drill(String id) {
        return Drill.builder(id, "fake outage").suites("smoke")
                .probe(s -> system.probe())
                .fault(system.outage())
                .hold(Duration.ofMillis(300))
                .settle(Duration.ofMillis(200))
                .afterWindow(Duration.ofMillis(200))
                .steadyRun(3)
                .recoveryBudget(Duration.ofSeconds(3))
                .objective(Slos.rto("fake", Duration.ofSeconds(5)));
    }

    @Test
    void aRecoveryStepNotesWhatOnlyItKnowsOnTheDrillsTimeline() {
        Recovery migration = new Recovery() {
            @Override
            public String name() {
                return "migrate(fake)";
            }

            @Override
            public String run(SystemUnderTest s) {
                throw new AssertionError("within a drill the runner passes its timeline");
            }

            @Override
            public String run(SystemUnderTest s, Timeline timeline) {
                timeline.note("migration", "0003 -> 0004");
                return system.fix("restart(fake)").run(s);
            }
        };
        DrillResult result = runner.run(drill("R1t").recovery(migration).build(), system);

        assertThat(result.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(result.measurements().timeline().events()).extracting(TimelineEvent::kind, TimelineEvent::detail)
                .containsSubsequence(org.assertj.core.groups.Tuple.tuple("step-started", "migrate(fake)"),
                        org.assertj.core.groups.Tuple.tuple("migration", "0003 -> 0004"),
                        org.assertj.core.groups.Tuple.tuple("step-finished", "migrate(fake)"));
    }

    @Test
    void runsStepsInOrderMarksThePhasesAndPasses() {
        DrillResult result = runner.run(drill("R1").recovery(system.fix("restart(fake)")).build(), system);

        assertThat(result.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(result.steps()).extracting(StepRecord::name).containsExactly("inject outage(fake)", "restart(fake)");
        for (StepRecord step : result.steps()) {
            assertThat(step.finishedAt().isBefore(step.startedAt())).isFalse();
        }
        assertThat(result.steps().get(1).startedAt().isBefore(result.steps().get(0).finishedAt())).isFalse();
        Timeline timeline = result.measurements().timeline();
        assertThat(timeline.events()).filteredOn(e -> e.marker() != null).extracting(e -> e.marker())
                .containsSubsequence(Marker.STEADY_PROVEN, Marker.DISRUPTION, Marker.RECOVERY_STARTED,
                        Marker.RECOVERED, Marker.END);
        Duration hold = timeline.first(Marker.RECOVERY_STARTED).orElseThrow().since(timeline.first(Marker.DISRUPTION).orElseThrow());
        assertThat(hold).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(result.measurements().recovery("fake")).get().extracting(RecoveryMeasurement::rto).isNotNull();
        assertThat(reported).containsExactly(result);
    }

    /** A trigger firing at the end of the first failed observation at or after {@code since}, or never. */
    private static Detector firstFailure(boolean ever) {
        return new Detector() {
            public String name() {
                return "first failure(fake)";
            }

            public String path() {
                return "fake";
            }

            public java.util.Optional<TimePoint> firedAt(List<Observation> observations, TimePoint since) {
                return ever ? observations.stream().filter(o -> !o.success() && !o.end().isBefore(since)).map(Observation::end).findFirst()
                        : java.util.Optional.empty();
            }
        };
    }

    @Test
    void aTriggeredRecoveryStartsWhenTheDetectorFiresNotAfterTheHold() {
        DrillResult result = runner.run(drill("R-trigger").hold(Duration.ofSeconds(20)).recoverWhen(firstFailure(true))
                .recovery(system.fix("rollback(fake)")).build(), system);

        assertThat(result.verdict()).isEqualTo(Verdict.PASSED);
        Timeline timeline = result.measurements().timeline();
        Duration wait = timeline.first(Marker.RECOVERY_STARTED).orElseThrow().since(timeline.first(Marker.DISRUPTION).orElseThrow());
        assertThat(wait).isLessThan(Duration.ofSeconds(10));
        assertThat(timeline.events()).extracting(TimelineEvent::kind).contains("detected");
    }

    @Test
    void aCanFailVariantThatMissesWhatItMustFailedAsItMustAndOneThatPassesFails() {
        DrillResult variant = runner.run(drill("R-no-fix").expectFailure("rto(fake)").build(), system);

        assertThat(variant.verdict()).isEqualTo(Verdict.FAILED_AS_EXPECTED);
        assertThat(variant.reason()).startsWith("failed as it must: Drill R-no-fix missed 1 objective");

        DrillResult cannotFail = runner.run(drill("R-fixed-anyway").expectFailure("rto(fake)").recovery(system.fix("restart(fake)")).build(), system);

        assertThat(cannotFail.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(cannotFail.reason()).isEqualTo("a can-fail variant must miss [rto(fake)], and it met [rto(fake)]: it passed, so this"
                + " variant cannot fail the drill");
        assertThatThrownBy(() -> drill("R-typo").expectFailure("rto(fkae)").build())
                .hasMessage("Drill 'R-typo' expects to miss 'rto(fkae)', which is none of its objectives: [rto(fake)]");
        assertThat(drill("R-back").expectFailure("rto(fake)").build().toBuilder().expectPass().build().expectsFailure()).isFalse();
    }

    @Test
    void aTriggerThatNeverFiresLeavesTheRecoveryUnstartedAndTheDrillFails() {
        DrillResult result = runner.run(drill("R-no-trigger").hold(Duration.ofMillis(500)).recoverWhen(firstFailure(false))
                .recovery(system.fix("rollback(fake)")).build(), system);

        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.steps()).extracting(StepRecord::name).containsExactly("inject outage(fake)");
        assertThat(result.measurements().timeline().events()).extracting(TimelineEvent::kind).contains("not-detected");
    }

    @Test
    void aRecoveryStepThatDoesNotApplyIsRefusedBeforeAnythingStarts() {
        Recovery needsContainer = new Recovery() {
            @Override
            public String name() {
                return "restart(fake)";
            }

            @Override
            public String run(SystemUnderTest s) {
                throw new AssertionError("never run: it does not apply");
            }

            @Override
            public void validate(SystemUnderTest s) {
                throw new IllegalArgumentException("restart(fake) needs a container stack");
            }
        };

        DrillResult result = runner.execute(drill("R-invalid-step").recovery(needsContainer).build(), system);

        assertThat(result.verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(result.reason()).isEqualTo("drill does not apply to this system, nothing was injected: 1 of 1 recovery steps cannot act"
                + " on it: restart(fake): restart(fake) needs a container stack");
        assertThat(system.injections).isZero();
        assertThat(result.steps()).isEmpty();
    }

    @Test
    void aStepNeedingACapabilityTheSystemLacksIsRefusedBeforeAnythingStartsThoughItsOwnCheckWouldPass() {
        Recovery healsANetwork = new Recovery() {
            @Override
            public String name() {
                return "heal(fake)";
            }

            @Override
            public String run(SystemUnderTest s) {
                throw new AssertionError("never run: the system offers no Network");
            }

            @Override
            public java.util.Set<Class<? extends Capability>> requires() {
                return java.util.Set.of(dev.firedrill.capability.Network.class);
            }
        };

        DrillResult result = runner.execute(drill("R-missing-capability").recovery(healsANetwork).build(), system);

        assertThat(result.verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(result.reason()).startsWith("drill does not apply to this system, nothing was injected: 1 of 1 recovery steps cannot act"
                + " on it: heal(fake): heal(fake) needs the capability Network, which ").contains("does not offer; it offers none");
        assertThat(system.injections).isZero();
        assertThat(result.steps()).isEmpty();
    }

    @Test
    void aPreparationThatDoesNotApplyIsRefusedBeforeAnythingStarts() {
        Preparation needsContainer = fakeBackup(timeline -> {
            throw new AssertionError("never run: it does not apply");
        }, "backup(fake) needs a container stack");

        DrillResult result = runner.execute(drill("R-invalid-preparation").preparation(needsContainer).recovery(system.fix("restart(fake)")).build(), system);

        assertThat(result.verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(result.reason()).isEqualTo("drill does not apply to this system, nothing was injected: 1 of 1 preparations cannot act"
                + " on it: backup(fake): backup(fake) needs a container stack");
        assertThat(system.injections).isZero();
        assertThat(result.steps()).isEmpty();
    }

    @Test
    void preparationsRunAfterSteadyStateBeforeTheFaultAndMayMarkTheRecoveryPoint() {
        Preparation backup = fakeBackup(timeline -> {
            timeline.mark(Marker.RECOVERY_POINT, "snapshot taken");
            return "backed up";
        }, null);

        DrillResult result = runner.run(drill("R1p").preparation(backup).recovery(system.fix("restart(fake)")).build(), system);

        assertThat(result.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(result.steps()).extracting(StepRecord::name).containsExactly("backup(fake)", "inject outage(fake)", "restart(fake)");
        Timeline timeline = result.measurements().timeline();
        assertThat(timeline.events()).filteredOn(e -> e.marker() != null).extracting(e -> e.marker())
                .containsSubsequence(Marker.STEADY_PROVEN, Marker.RECOVERY_POINT, Marker.DISRUPTION);
        assertThat(Drill.builder("X", "x").probe(s -> system.probe()).preparation(backup).build().toBuilder()
                .withoutPreparations().build().preparations()).isEmpty();
    }

    @Test
    void aFailingPreparationBreaksTheDrillBeforeAnyFault() {
        Preparation failing = fakeBackup(timeline -> {
            throw new IllegalStateException("backup(fake): pg_dump exited 1: connection refused");
        }, null);

        DrillResult result = runner.execute(drill("R2p").preparation(failing).recovery(system.fix("restart(fake)")).build(), system);

        assertThat(result.verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(result.reason()).contains("step 'backup(fake)' failed: backup(fake): pg_dump exited 1: connection refused");
        assertThat(result.steps()).extracting(StepRecord::name).containsExactly("backup(fake)");
        assertThat(system.healthy).isTrue();
    }

    @Test
    void everyFaultIsCheckedBeforeTheFirstIsInjected() {
        Fault misnamed = new Fault() {
            @Override
            public String name() {
                return "kill(ledgr)";
            }

            @Override
            public void validate(SystemUnderTest s) {
                throw new IllegalArgumentException("no service 'ledgr'; valid services are [fake]");
            }

            @Override
            public Injection inject(SystemUnderTest s) {
                throw new AssertionError("an invalid fault must never be injected");
            }
        };

        DrillResult result = runner.execute(drill("R2v").fault(misnamed).recovery(system.fix("restart(fake)")).build(), system);

        assertThat(result.verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(result.reason()).contains("nothing was injected", "1 of 2 faults", "kill(ledgr): no service 'ledgr'; valid services are [fake]");
        assertThat(result.steps()).isEmpty();
        assertThat(system.injections).as("the valid first fault was not injected either").isZero();
        assertThat(system.healthy).isTrue();
    }

    @Test
    void aThrowingStepBreaksTheDrillAndTheFaultIsStillUndone() {
        Recovery throwing = new Recovery() {
            @Override
            public String name() {
                return "broken script";
            }

            @Override
            public String run(SystemUnderTest s) {
                throw new IllegalStateException("exit 3: no such file");
            }
        };

        DrillResult result = runner.execute(drill("R2").recovery(throwing).build(), system);

        assertThat(result.verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(result.reason()).contains("step 'broken script' failed: exit 3: no such file");
        assertThat(result.steps()).extracting(StepRecord::outcome).containsExactly("passed", "failed");
        assertThat(system.healthy).as("the outage was undone").isTrue();
        assertThat(DrillRunner.activeInjections()).isZero();
        assertThat(reported).containsExactly(result);
    }

    @Test
    void aStepFailureKeepsTheStepsWholeOutputWhileTheReasonHasOnlyTheMessage() {
        Recovery failing = new Recovery() {
            @Override
            public String name() {
                return "script(fix.sh)";
            }

            @Override
            public String run(SystemUnderTest s) {
                throw new StepFailure("exited 2; last line: cannot open backup.sql.gz", "line 1\nline 2\ncannot open backup.sql.gz");
            }
        };

        DrillResult result = runner.execute(drill("R2b").recovery(failing).build(), system);

        assertThat(result.verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(result.reason()).contains("step 'script(fix.sh)' failed: exited 2; last line: cannot open backup.sql.gz")
                .doesNotContain("line 1");
        StepRecord step = result.steps().get(1);
        assertThat(step.outcome()).isEqualTo("failed");
        assertThat(step.output()).startsWith("exited 2; last line: cannot open backup.sql.gz")
                .contains("--- output ---\nline 1\nline 2\ncannot open backup.sql.gz");
    }

    @Test
    void runThrowsForABrokenDrillAfterReportingIt() {
        Drill drill = drill("R3").recovery(system.fix("restart(fake)")).build();
        Fault neverTakes = new Fault() {
            @Override
            public String name() {
                return "noop(fake)";
            }

            @Override
            public Injection inject(SystemUnderTest s) {
                throw new FaultNotEffectiveException("noop(fake): the service still answers");
            }
        };
        Drill broken = drill.toBuilder().id("R3b").title("fault without effect").fault(neverTakes).build();

        assertThatThrownBy(() -> runner.run(broken, system))
                .isInstanceOf(DrillBrokenException.class)
                .hasMessageContaining("fault did not take effect: noop(fake): the service still answers");
        assertThat(reported).hasSize(1);
        assertThat(system.healthy).as("the first fault was undone").isTrue();
    }

    @Test
    void aSystemThatNeverRecoversFailsWithTheObjectiveAndTheLastAnswer() {
        DrillResult result = runner.run(drill("R4").build(), system);   // no recovery at all

        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.reason()).contains("RTO of path 'fake'").contains("outage(fake)")
                .contains("last probe at").contains("answered: 503");
        assertThat(system.healthy).as("undone after the drill").isTrue();
    }

    @Test
    void standingObjectivesAreJudgedWithTheDrillsOwnAndDecideTheVerdict() {
        Objective gate = new Objective() {
            @Override
            public String name() {
                return "gate";
            }

            @Override
            public ObjectiveResult judge(DrillMeasurements m) {
                return new ObjectiveResult("gate", "recovery", "≤ 0", "1", "ms", false, "the gate (phase recovery) was 1, target ≤ 0: missed");
            }
        };
        DrillResult result = runner.withStandingObjectives(d -> d.id().equals("R7") ? List.of(gate) : List.of())
                .run(drill("R7").recovery(system.fix("restart(fake)")).build(), system);

        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.objectives()).extracting(ObjectiveResult::name).containsExactly("rto(fake)", "gate");
        assertThat(result.reason()).contains("the gate (phase recovery) was 1, target ≤ 0: missed");
        assertThat(reported).containsExactly(result);
    }

    @Test
    void aSystemThatRecoversByItselfPassesWithNoTtrAndSaysSo() {
        DrillResult result = runner.run(drill("R8").withoutFaults().fault(system.selfHealingOutage(1_000)).build(), system);

        assertThat(result.verdict()).as(String.valueOf(result.reason())).isEqualTo(Verdict.PASSED);
        RecoveryMeasurement fake = result.measurements().recovery("fake").orElseThrow();
        assertThat(fake.rto()).isGreaterThanOrEqualTo(Duration.ofMillis(1_000));
        assertThat(fake.ttr()).as("no recovery step: TTR does not apply (it was 0 ms)").isNull();
        assertThat(dev.firedrill.report.Evidence.recoveredByItself(result.measurements())).isTrue();
        assertThat(result.measurements().timeline().events()).extracting(TimelineEvent::kind).contains("no-recovery-step");
    }

    @Test
    void waitUntilIsAnExplicitRecoveryStepBoundedByItsWithin() {
        DrillResult waited = runner.run(drill("R9").withoutFaults().fault(system.selfHealingOutage(1_000))
                .recovery(Recovery.waitUntil("fake", Duration.ofSeconds(5))).build(), system);

        assertThat(waited.verdict()).as(String.valueOf(waited.reason())).isEqualTo(Verdict.PASSED);
        assertThat(waited.steps()).extracting(StepRecord::name).containsExactly("inject failover(fake)", "wait until fake is steady (at most 5 s)");
        assertThat(waited.steps().get(1).output()).startsWith("path 'fake' steady again after");
        assertThat(waited.measurements().recovery("fake").orElseThrow().ttr()).as("TTR counts from the wait").isNotNull();
        assertThat(dev.firedrill.report.Evidence.recoveredByItself(waited.measurements())).isFalse();

        DrillResult tooLong = runner.execute(drill("R10").withoutFaults().fault(system.selfHealingOutage(3_000))
                .recovery(Recovery.waitUntil("fake", Duration.ofMillis(500))).build(), system);
        assertThat(tooLong.verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(tooLong.reason()).contains("path 'fake' not steady within PT0.5S");

        DrillResult noSuchPath = runner.execute(drill("R11").withoutFaults().fault(system.selfHealingOutage(300))
                .recovery(Recovery.waitUntil("write", Duration.ofSeconds(5))).build(), system);
        assertThat(noSuchPath.verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(noSuchPath.reason()).contains("no probe records path 'write'; the drill's paths: [fake]");
    }

    @Test
    void revertingTheFaultIsARecoveryOfItsOwn() {
        DrillResult result = runner.run(drill("R5").recovery(Recovery.revertFaults()).build(), system);

        assertThat(result.verdict()).isEqualTo(Verdict.PASSED);
        Timeline timeline = result.measurements().timeline();
        assertThat(timeline.first(Marker.FAULT_REVERTED)).isPresent();
        assertThat(timeline.first(Marker.FAULT_REVERTED).get().isBefore(timeline.first(Marker.RECOVERY_STARTED).get())).isFalse();
    }

    @Test
    void steadyStateNeverProvenBreaksTheDrillBeforeAnyFault() {
        system.healthy = false;
        DrillResult result = runner.execute(drill("R6").steadyBudget(Duration.ofMillis(500)).build(), system);

        assertThat(result.verdict()).isEqualTo(Verdict.BROKEN);
        assertThat(result.reason()).contains("no steady state before the fault").contains("fake=503");
        assertThat(result.steps()).isEmpty();
    }

    @Test
    void aWorkloadWithoutALedgerDoesNotHideTheNextOnesLedger() {
        LedgerReport ledger = new LedgerReport(0, 0, 0, 0, 0, List.of(), 0, 0, 0, 0, 0, null, 0, null, null, null, List.of());

        DrillResult result = runner.run(drill("R-load").recovery(system.fix("restart(fake)"))
                .workload(workload("load", null)).workload(workload("writer", ledger)).build(), system);

        assertThat(result.measurements().ledgerReport()).containsSame(ledger);
    }

    @Test
    void aPathThatNeverFailedDuringTheHoldStillGetsItsWholeAfterPhase() {
        Fault harmless = new Fault() {
            @Override
            public String name() {
                return "slowness(fake)";
            }

            @Override
            public Injection inject(SystemUnderTest s) {
                return () -> { };
            }
        };
        Drill drill = drill("R-harmless").withoutFaults().fault(harmless).hold(Duration.ofSeconds(2))
                .afterWindow(Duration.ofSeconds(1)).recovery(Recovery.revertFaults()).build();

        DrillResult result = runner.run(drill, system);

        Timeline timeline = result.measurements().timeline();
        assertThat(timeline.first(Marker.RECOVERED).orElseThrow().isBefore(timeline.first(Marker.RECOVERY_STARTED).orElseThrow()))
                .as("the path was steady again before the recovery started").isTrue();
        PhaseCut cut = timeline.phaseCut(drill.settle());
        assertThat(timeline.first(Marker.END).orElseThrow().since(cut.startOf(Phase.AFTER)))
                .as("the after phase, which starts 'settle' after the recovery started, is observed for the whole after window")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aWorkloadsOwnObjectivesAreJudgedBesideTheDrillsAndFailItWhenMissed() {
        Objective ownAssertions = new Objective() {
            @Override
            public String name() {
                return "own-assertions(load)";
            }

            @Override
            public ObjectiveResult judge(DrillMeasurements m) {
                return new ObjectiveResult(name(), null, "all met", "0 of 1", "assertions", false, "own assertions: 0 of 1 met: missed");
            }
        };
        Workload bringing = new Workload() {
            private final Workload inner = workload("load", null);

            @Override
            public String name() {
                return inner.name();
            }

            @Override
            public Running start(SystemUnderTest s, Timeline timeline) {
                return inner.start(s, timeline);
            }

            @Override
            public List<Objective> objectives() {
                return List.of(ownAssertions);
            }
        };
        Drill drill = drill("R-own").recovery(system.fix("restart(fake)")).workload(bringing).build();

        assertThat(drill.objectives()).extracting(Objective::name).containsExactly("rto(fake)", "own-assertions(load)");
        assertThat(drill.toBuilder().build().objectives()).as("a copy does not add them twice").hasSize(2);
        DrillResult result = runner.run(drill, system);

        assertThat(result.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(result.objectives()).extracting(ObjectiveResult::name).containsExactly("rto(fake)", "own-assertions(load)");
        assertThat(result.reason()).contains("own assertions: 0 of 1 met: missed");
        assertThat(runner.run(drill.toBuilder().expectFailure("own-assertions(load)").build(), system).verdict())
                .isEqualTo(Verdict.FAILED_AS_EXPECTED);
    }

    @Test
    void aProcedureWithoutAFaultIsAPlannedChangeWhosePhasesSpanTheProcedure() {
        Recovery slowProcedure = new Recovery() {
            @Override
            public String name() {
                return "rolling restart(fake)";
            }

            @Override
            public String run(SystemUnderTest s) {
                system.elapse(400);
                return "restarted";
            }
        };
        Drill planned = Drill.builder("R-planned", "planned change").suites("load").probe(s -> system.probe())
                .recovery(slowProcedure).settle(Duration.ofMillis(100)).afterWindow(Duration.ofMillis(300)).steadyRun(3)
                .build();

        DrillResult result = runner.run(planned, system);

        Timeline timeline = result.measurements().timeline();
        TimePoint disruption = timeline.first(Marker.DISRUPTION).orElseThrow();
        TimePoint finished = timeline.first(Marker.RECOVERY_FINISHED).orElseThrow();
        assertThat(timeline.first(Marker.RECOVERY_STARTED)).contains(disruption);
        assertThat(timeline.first(Marker.RECOVERED).orElseThrow().isBefore(finished)).isFalse();
        PhaseCut cut = timeline.phaseCut(Duration.ofMillis(100));
        List<Observation> observed = timeline.observations("fake");
        assertThat(observed).filteredOn(o -> o.start().isBefore(disruption))
                .allSatisfy(o -> assertThat(cut.phaseOf(o.start())).contains(Phase.BEFORE)).isNotEmpty();
        assertThat(observed).filteredOn(o -> !o.start().isBefore(disruption) && o.start().isBefore(finished))
                .allSatisfy(o -> assertThat(cut.phaseOf(o.start())).contains(Phase.RECOVERY)).hasSizeGreaterThan(5);
        assertThat(observed).extracting(o -> cut.phaseOf(o.start()).orElse(null)).contains(Phase.AFTER)
                .doesNotContain(Phase.DURING);
    }

    /**
     * A fault whose disruption is something it waited for and learned of later (an OOM kill in the engine's events)
     * reports another clock's instant: the disruption is dated there, not when the fault noticed, and what it observed is
     * on the timeline at that instant.
     */
    @Test
    void aFaultThatLearnsLateWhenItActedDatesTheDisruptionAtThatInstant() {
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> killed = new java.util.concurrent.atomic.AtomicReference<>();
        Fault leak = new Fault() {
            @Override
            public String name() {
                return "memoryLeak(fake)";
            }

            @Override
            public Injection inject(SystemUnderTest s) {
                throw new AssertionError("within a drill the runner passes its events");
            }

            @Override
            public Injection inject(SystemUnderTest s, FaultEvents events) {
                system.elapse(400);   // the leak grows
                system.healthy = false;
                killed.set(system.clock.now().wall());
                system.elapse(600);   // the harness notices later
                events.observed("oom-kill", "killed at its limit", killed.get());
                events.acting(killed.get());
                Injection undo = () -> system.healthy = true;
                events.accept(undo);
                return undo;
            }
        };
        DrillResult result = runner.run(drill("R-late").withoutFaults().fault(leak).recovery(system.fix("restart(fake)")).build(), system);

        Timeline timeline = result.measurements().timeline();
        TimePoint disruption = timeline.first(Marker.DISRUPTION).orElseThrow();
        assertThat(disruption.wall()).isEqualTo(killed.get());
        assertThat(timeline.first(Marker.FAULT_VERIFIED).orElseThrow().since(disruption)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(timeline.events()).filteredOn(e -> e.kind().equals("oom-kill")).singleElement()
                .satisfies(e -> assertThat(e.at().wall()).isEqualTo(killed.get()));
    }

    private static Workload workload(String name, LedgerReport report) {
        return new Workload() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Running start(SystemUnderTest system, Timeline timeline) {
                return new Running() {
                    @Override
                    public void stop() {
                    }

                    @Override
                    public LedgerReport report(Timeline timeline) {
                        return report;
                    }

                    @Override
                    public java.util.Optional<java.nio.file.Path> export(java.nio.file.Path folder) {
                        return java.util.Optional.empty();
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
    }

    @Test
    void drillValuesRejectMisuseNamingTheField() {
        assertThatThrownBy(() -> Drill.builder("X", "t").suites("Nightly run").probe(s -> system.probe()).build())
                .hasMessage("Drill 'X': 'Nightly run' is not a suite name: a suite is a tag of lower-case letters, digits and hyphens,"
                        + " starting with a letter or digit (e.g. payments-nightly)");
        assertThat(Drill.builder("X", "t").suites("payments-nightly").probe(s -> system.probe()).build().suites())
                .as("any tag of the pattern is a suite").containsExactly("payments-nightly");
        assertThatThrownBy(() -> Drill.builder("X", "t").build())
                .hasMessageContaining("needs at least one probe");
        assertThatThrownBy(() -> Drill.builder("X", "t").probe(s -> system.probe()).hold(Duration.ofSeconds(-1)).build())
                .hasMessageContaining("hold must be zero or more");
    }

    /** A system with one "fake" path: healthy or not. */
    /**
     * A fault that acts at once and whose check takes a while (the default: it reports acting as its injection
     * begins): 'disruption' is dated when the injection began, 'fault-verified' when the check ended, and what the
     * probes see while it is being verified belongs to 'during'.
     */
    @Test
    void disruptionIsDatedWhenTheFaultActedNotWhenItsCheckFinished() {
        Fault slowlyVerified = new Fault() {
            @Override
            public String name() {
                return "outage(fake), verified slowly";
            }

            @Override
            public Injection inject(SystemUnderTest s) {
                Injection undo = system.outage().inject(s);
                system.elapse(400);   // the check: waiting to see the fault take effect
                return undo;
            }
        };
        DrillResult result = runner.run(drill("R-slow-check").withoutFaults().fault(slowlyVerified)
                .recovery(system.fix("restart(fake)")).build(), system);

        Timeline timeline = result.measurements().timeline();
        TimePoint disruption = timeline.first(Marker.DISRUPTION).orElseThrow();
        TimePoint verified = timeline.first(Marker.FAULT_VERIFIED).orElseThrow();
        StepRecord inject = result.steps().get(0);
        assertThat(inject.name()).isEqualTo("inject outage(fake), verified slowly");
        assertThat(disruption.isBefore(inject.startedAt())).as("disruption dated when the injection began").isFalse();
        assertThat(disruption.since(inject.startedAt())).isLessThan(Duration.ofMillis(100));
        assertThat(verified.since(disruption)).as("fault-verified once the check ended")
                .isGreaterThanOrEqualTo(Duration.ofMillis(390));
        PhaseCut cut = timeline.phaseCut(Duration.ofMillis(200));
        assertThat(timeline.observations("fake")).filteredOn(o -> !o.success())
                .as("failed observations, all made once the fault was in").isNotEmpty()
                .allSatisfy(o -> assertThat(cut.phaseOf(o.start())).isNotEqualTo(java.util.Optional.of(Phase.BEFORE)));
    }

    /** What a fault is about to leave goes to the journal before it acts, and is marked undone once its undo ran. */
    @Test
    void theJournalHearsOfALeftoverBeforeTheFaultActsAndOfItsUndoAfter() {
        List<String> journal = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Fault leaving = new Fault() {
            @Override
            public String name() {
                return "outage(fake), journalled";
            }

            @Override
            public Injection inject(SystemUnderTest s) {
                return inject(s, FaultEvents.ignored());
            }

            @Override
            public Injection inject(SystemUnderTest s, FaultEvents events) {
                events.willLeave(Leftover.toxic(new Endpoint("127.0.0.1", 8474), "fake", "t1"));
                journal.add("acting");
                events.acting();
                Injection undo = system.outage().inject(s);
                events.accept(undo);
                return undo;
            }
        };
        LeftoverJournal recording = new LeftoverJournal() {
            @Override
            public String willLeave(String fault, Leftover leftover) {
                journal.add("will-leave " + fault + ": " + leftover.describe());
                return "7";
            }

            @Override
            public void undone(java.util.Collection<String> ids) {
                journal.add("undone " + ids);
            }
        };

        DrillResult result = runner.withJournal(recording).run(drill("R-journal").withoutFaults().fault(leaving)
                .recovery(system.fix("restart(fake)")).build(), system);

        assertThat(result.verdict()).isEqualTo(Verdict.PASSED);
        assertThat(journal).containsExactly("will-leave outage(fake), journalled: toxic t1 on proxy fake (http://127.0.0.1:8474)",
                "acting", "undone [7]");
    }

    /** A fault whose action comes after slower work reports the instant it acts: that, not the start of its injection, is 'disruption'. */
    @Test
    void disruptionIsTheInstantTheFaultReportsActing() {
        Fault preparedSlowly = new Fault() {
            @Override
            public String name() {
                return "outage(fake) after 300 ms of preparation";
            }

            @Override
            public Injection inject(SystemUnderTest s) {
                return inject(s, FaultEvents.ignored());
            }

            @Override
            public Injection inject(SystemUnderTest s, FaultEvents events) {
                system.elapse(300);   // the slow part before the action: opening sessions, filling a volume
                events.acting();
                Injection undo = system.outage().inject(s);
                events.accept(undo);
                system.elapse(200);   // the check
                return undo;
            }
        };
        DrillResult result = runner.run(drill("R-acting").withoutFaults().fault(preparedSlowly)
                .recovery(system.fix("restart(fake)")).build(), system);

        Timeline timeline = result.measurements().timeline();
        TimePoint disruption = timeline.first(Marker.DISRUPTION).orElseThrow();
        StepRecord inject = result.steps().get(0);
        assertThat(disruption.since(inject.startedAt())).as("not when the injection began").isGreaterThanOrEqualTo(Duration.ofMillis(290));
        assertThat(inject.finishedAt().since(disruption)).as("not when it was verified").isGreaterThanOrEqualTo(Duration.ofMillis(190));
        assertThat(timeline.observations("fake")).filteredOn(o -> !o.success()).isNotEmpty()
                .allSatisfy(o -> assertThat(o.end().isBefore(disruption)).as("no failure before the fault acted").isFalse());
    }

    /**
     * By default the last fault's acting is the disruption (those before set the stage); a fault that marks it (D20: the bad
     * release, then its migration) fixes it at its own, and the outage it began counts from there.
     */
    @Test
    void aFaultThatMarksTheDisruptionFixesItAtItsOwnActingThoughFaultsFollow() {
        Fault later = new Fault() {
            @Override
            public String name() {
                return "more damage(fake)";
            }

            @Override
            public Injection inject(SystemUnderTest s) {
                system.elapse(1_000);   // e.g. a migration that takes a while
                return () -> { };
            }
        };
        DrillResult marked = runner.run(drill("R-marked").withoutFaults().fault(dev.firedrill.fault.Faults.markingDisruption(system.outage()))
                .fault(later).recovery(system.fix("restart(fake)")).build(), system);
        TimePoint disruption = marked.measurements().timeline().first(Marker.DISRUPTION).orElseThrow();
        assertThat(disruption).as("when the outage acted").isEqualTo(marked.steps().get(0).startedAt());
        assertThat(marked.steps().get(1).finishedAt().since(disruption)).isGreaterThanOrEqualTo(Duration.ofMillis(1_000));

        system.healthy = true;
        DrillResult unmarked = runner.run(drill("R-unmarked").withoutFaults().fault(system.outage()).fault(later)
                .recovery(system.fix("restart(fake)")).build(), system);
        TimePoint last = unmarked.measurements().timeline().first(Marker.DISRUPTION).orElseThrow();
        assertThat(last).as("the last fault's injection").isEqualTo(unmarked.steps().get(1).startedAt());
    }

    private static final class FakeSystem implements SystemUnderTest {
        final ManualClock clock = new ManualClock();
        volatile boolean healthy = true;
        volatile int injections;
        /** The timelines of the probes running now, each with its count of observations. */
        private final Map<Timeline, AtomicLong> probing = new java.util.concurrent.ConcurrentHashMap<>();

        /** When a self-healing outage ends by itself (an automatic failover); null when none is running. */
        volatile TimePoint healsAt;

        /** One poll of virtual time has passed: every running probe observes the fake path once. */
        void step(TimePoint now) {
            TimePoint heals = healsAt;
            if (heals != null && !now.isBefore(heals)) {
                healthy = true;
                healsAt = null;
            }
            boolean ok = healthy;
            probing.forEach((timeline, count) -> {
                timeline.record(new Observation("fake", now, Duration.ofMillis(1), ok, ok ? "200" : "503"));
                count.incrementAndGet();
            });
        }

        /** A step of the drill that takes {@code millis} (a slow check, a rolling restart): the probes go on meanwhile. */
        void elapse(long millis) {
            for (long t = 0; t < millis; t += 20) {
                step(clock.advanceMillis(20));
            }
        }

        @Override
        public Set<String> services() {
            return Set.of("fake");
        }

        @Override
        public Endpoint endpoint(String service, int port) {
            return new Endpoint("127.0.0.1", port);
        }

        @Override
        public Map<String, String> environment(String service) {
            return Map.of();
        }

        Probe probe() {
            return new Probe() {
                @Override
                public String path() {
                    return "fake";
                }

                @Override
                public Running start(Timeline timeline) {
                    AtomicLong count = new AtomicLong();
                    probing.put(timeline, count);
                    return new Running() {
                        @Override
                        public String path() {
                            return "fake";
                        }

                        @Override
                        public long observations() {
                            return count.get();
                        }

                        @Override
                        public void close() {
                            probing.remove(timeline);
                        }
                    };
                }
            };
        }

        Fault outage() {
            return new Fault() {
                @Override
                public String name() {
                    return "outage(fake)";
                }

                @Override
                public Injection inject(SystemUnderTest s) {
                    injections++;
                    healthy = false;
                    AtomicBoolean undone = new AtomicBoolean();
                    return () -> {
                        if (undone.compareAndSet(false, true)) {
                            healthy = true;
                        }
                    };
                }
            };
        }

        /** An outage the system ends by itself {@code millis} after it began, with no step of the drill. */
        Fault selfHealingOutage(long millis) {
            return new Fault() {
                @Override
                public String name() {
                    return "failover(fake)";
                }

                @Override
                public Injection inject(SystemUnderTest s) {
                    healthy = false;
                    healsAt = clock.now().plus(Duration.ofMillis(millis));
                    return () -> { };
                }
            };
        }

        Recovery fix(String name) {
            return new Recovery() {
                @Override
                public String name() {
                    return name;
                }

                @Override
                public String run(SystemUnderTest s) {
                    healthy = true;
                    return "fixed";
                }
            };
        }
    }

    /**
     * A preparation named {@code backup(fake)} that runs {@code run}; when {@code refusal} is given, its
     * {@code validate} refuses every system with that message.
     */
    private static Preparation fakeBackup(java.util.function.Function<Timeline, String> run, String refusal) {
        return new Preparation() {
            @Override
            public String name() {
                return "backup(fake)";
            }

            @Override
            public String run(SystemUnderTest s, Timeline timeline) {
                return run.apply(timeline);
            }

            @Override
            public void validate(SystemUnderTest s) {
                if (refusal != null) {
                    throw new IllegalArgumentException(refusal);
                }
            }
        };
    }
}
