/**
 * The fault proxy's internals: the HTTP API and its JSON, proxies, links and the toxics applied to their streams.
 *
 * <p>May depend on: the JDK and {@code dev.firedrill.toxiproxy} only.
 */
package dev.firedrill.toxiproxy.internal;
