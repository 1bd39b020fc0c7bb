/**
 * The JUnit 5 integration: {@link dev.firedrill.junit.Drills} classes get a stack and a runner, suite tags select
 * them ({@code ./drill run <suite>}), every result is reported, and drill files run as dynamic tests.
 *
 * <p>May depend on: everything above it (root, stack, measure, report, assertj, spec) and JUnit.
 */
package dev.firedrill.junit;
