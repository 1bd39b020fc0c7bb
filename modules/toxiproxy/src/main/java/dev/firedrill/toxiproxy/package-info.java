/**
 * The Toxiproxy-compatible fault proxy server (HTTP API, TCP proxies, toxics), runnable in-JVM and as the
 * {@code firedrill/toxiproxy} image. Behaviour and deliberate differences: {@code docs/fault-proxy.md}.
 *
 * <p>May depend on: the JDK only; nothing else of Firedrill depends on it.
 */
package dev.firedrill.toxiproxy;
