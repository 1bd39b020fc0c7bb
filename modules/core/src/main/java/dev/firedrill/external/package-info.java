/**
 * External mode: a system Firedrill did not start, described by an endpoints file (its services, their URLs, the
 * Toxiproxy API in front of them); it offers the capabilities those endpoints allow ({@code FaultProxy} through
 * the proxy, {@code SqlSessions} on its PostgreSQL services).
 *
 * <p>May depend on: the root package, {@code capability}.
 */
package dev.firedrill.external;
