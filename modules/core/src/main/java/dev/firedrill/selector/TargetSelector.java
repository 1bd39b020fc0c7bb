package dev.firedrill.selector;

import dev.firedrill.SystemUnderTest;

import java.util.List;

/**
 * A target named by what it is when the step acts ({@code leader-of}, {@code any-of}), not by a fixed service name.
 * A selector is a value: resolving it keeps nothing, so a drill run twice, or a variant built from it, resolves it
 * again from what the system is then.
 */
public sealed interface TargetSelector permits LeaderOf, AnyOf {

    /** The services it picks among, in the order given. */
    List<String> candidates();

    /** In words, for step names and reports, e.g. {@code leader-of [pg1, pg2, pg3] by GET /primary on 8008 answering 200}. */
    String describe();

    /**
     * The service it names now, and why: which candidate answered what.
     *
     * @throws IllegalStateException when it names none (no leader, two leaders), saying what each candidate answered
     */
    Resolution resolve(SystemUnderTest system);

    /** Checks, acting on nothing, that every candidate is a service of {@code system}. */
    default void validate(SystemUnderTest system, String action) {
        candidates().forEach(c -> system.requireService(c, action));
    }

    /** What a selector resolved to: the service, and what made it the one (recorded on the timeline). */
    record Resolution(String service, String why) {
    }
}
