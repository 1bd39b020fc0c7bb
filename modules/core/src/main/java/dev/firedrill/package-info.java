/**
 * The engine's core: a {@link dev.firedrill.Drill} (an immutable value), the {@link dev.firedrill.DrillRunner} that
 * runs it (steady state, faults, hold, recovery, steady again, judgement; always undoing what it injected), the
 * {@link dev.firedrill.Timeline} with its markers and phases, the harness clock ({@link dev.firedrill.HarnessClock},
 * {@link dev.firedrill.ManualClock}) and waiting ({@link dev.firedrill.Pacing}), and the interfaces faults, recoveries,
 * preparations, probes, workloads and objectives implement.
 *
 * <p>May depend on: the JDK and Awaitility only. Everything else depends on it.
 */
package dev.firedrill;
