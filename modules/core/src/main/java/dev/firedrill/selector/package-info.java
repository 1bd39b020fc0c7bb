/**
 * Targets named by what they are now, not by a fixed name: {@code leader-of} (the one candidate a check names the
 * leader, the primary: by HTTP, SQL or a command run in each candidate) and {@code any-of} (a seeded, recorded random
 * pick), resolved when the step acts, every time anew ({@link dev.firedrill.selector.Targets} is the entry point). A
 * fault or procedure on a selector is built for the resolved service from the same kind, and says what it resolved to.
 *
 * <p>May depend on: the root package, {@code capability}, {@code kind} (the fields of a check), JDBC, the JDK's HTTP client.
 */
package dev.firedrill.selector;
