/**
 * The capabilities Firedrill knows a system under test by: each a narrow interface, offered through
 * {@code SystemUnderTest.capability(Class)} and required by faults, procedures, preparations and probes
 * ({@code requires()}). A container stack ({@code dev.firedrill.stack}) offers all of them; an external system
 * ({@code dev.firedrill.external}) offers the ones its endpoints file makes possible. May depend on the root
 * package and the JDK only (plus the Toxiproxy client for {@link dev.firedrill.capability.ToxiproxyAdmin}).
 */
package dev.firedrill.capability;
