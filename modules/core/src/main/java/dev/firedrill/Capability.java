package dev.firedrill;

/**
 * One narrow way of acting on a system under test: stopping its processes, adding toxics on its fault proxy,
 * opening SQL sessions, reaching its files. A system offers the capabilities it has
 * ({@link SystemUnderTest#capability}); every fault, procedure, preparation and probe declares the ones it
 * {@code requires()}, so the runner can tell before anything acts whether a drill applies. The capabilities
 * Firedrill knows are in {@code dev.firedrill.capability}; a user's system may offer its own.
 */
public interface Capability {
}
