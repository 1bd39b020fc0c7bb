/**
 * The JUnit 5 integration: {@link dev.firedrill.junit.Drills} classes get a stack and a runner, suite tags select
 * them ({@code ./drill run <suite>}; any tag is a suite, the catalogue's four have annotations of their own), every
 * result is reported, drill files run as dynamic tests, and a selection that finds no drill fails the run. A sharded run
 * ({@code firedrill.shard}) runs the units its shard plan gives it ({@link dev.firedrill.junit.ShardListener} reads the
 * test plan; {@code docs/ci.md}).
 *
 * <p>May depend on: everything above it in {@code firedrill-core} (root, stack, measure, report, spec), {@code assertj} and JUnit;
 * never on the load, Allure, fault proxy or reference service modules (their parts arrive through ServiceLoader).
 */
package dev.firedrill.junit;
