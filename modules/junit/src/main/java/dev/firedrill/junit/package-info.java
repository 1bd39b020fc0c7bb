/**
 * The JUnit 5 integration: {@link dev.firedrill.junit.Drills} classes get a stack and a runner, suite tags select
 * them ({@code ./drill run <suite>}; any tag is a suite, the catalogue's four have annotations of their own), every
 * result is reported, drill files run as dynamic tests, and a selection that finds no drill fails the run.
 *
 * <p>May depend on: everything above it (root, stack, measure, report, assertj, spec) and JUnit.
 */
package dev.firedrill.junit;
