/**
 * Faults as values ({@link dev.firedrill.fault.Faults} is the entry point): each names its target, checks that it
 * applies before anything acts, reports the instant it acts ({@link dev.firedrill.FaultEvents}), verifies its effect
 * and returns an idempotent undo. Each declares the capabilities it acts through ({@code requires()}).
 *
 * <p>May depend on: the root package, {@code capability}, {@code access}, {@code kind} (the fault kinds it declares), toxiproxy-java, JDBC, Jedis.
 */
package dev.firedrill.fault;
