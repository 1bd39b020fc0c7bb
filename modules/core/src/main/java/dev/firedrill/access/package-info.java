/**
 * Reaching the parts of a system that faults and recovery procedures share: PostgreSQL sessions and tables
 * ({@link dev.firedrill.access.Postgres}), Redis, the size-limited volume and its ballast, certificates and the
 * keystore a service reads, the release a service answers with, healing a partition. Each helper asks the system
 * for the capability it needs; none knows how the system is run.
 *
 * <p>May depend on: the root package, {@code capability}, JDBC, Jedis, the JDK.
 */
package dev.firedrill.access;
