/**
 * External mode: a system Firedrill did not start, described by an endpoints file (its services, their URLs, the
 * Toxiproxy API in front of them); it offers what those endpoints allow (network faults through the proxy, SQL
 * sessions on its PostgreSQL services).
 *
 * <p>May depend on: the root package, {@code fault}.
 */
package dev.firedrill.external;
