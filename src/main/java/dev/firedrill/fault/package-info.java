/**
 * Faults as values ({@link dev.firedrill.fault.Faults} is the entry point): each names its target, checks that it
 * applies before anything acts, reports the instant it acts ({@link dev.firedrill.FaultEvents}), verifies its effect
 * and returns an idempotent undo. Also the system-access helpers the faults and procedures share (PostgreSQL
 * sessions, Redis, volumes, certificates, the proxy).
 *
 * <p>May depend on: the root package, {@code stack}, toxiproxy-java, JDBC, Jedis.
 */
package dev.firedrill.fault;
