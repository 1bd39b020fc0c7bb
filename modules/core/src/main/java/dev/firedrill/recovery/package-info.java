/**
 * Recovery procedures as values ({@link dev.firedrill.recovery.Recoveries}, {@link dev.firedrill.recovery.Backups}):
 * restart, terminate blockers, fail over, back up and restore, point-in-time recovery, cache restore, rollback,
 * a runbook script; each returns what it did, and a failure names the procedure, the step and the cause.
 *
 * Each declares the capabilities it acts through ({@code requires()}).
 *
 * <p>May depend on: the root package, {@code capability}, {@code access}, {@code kind} (the procedure, preparation, fault and probe kinds it declares), {@code measure} (the schedule of its probe, {@code ScheduledProbeRun}), {@code report} (masking secrets), JDBC, Jedis.
 */
package dev.firedrill.recovery;
