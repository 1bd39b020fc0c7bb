package dev.firedrill;

import java.util.function.Consumer;

/**
 * What a fault tells the drill while it is being injected: the instant it acts ({@link #acting()}), and its undo
 * as soon as it exists ({@link #accept}). The drill dates {@code disruption} at the instant the fault acted, not
 * when its check saw the effect (that is {@code fault-verified}): a kill is dated when the signal is sent, a proxy
 * cut when the proxy is disabled, a toxic when it is added.
 *
 * <p>A fault that acts at once needs nothing from this: {@link Fault#inject(SystemUnderTest, FaultEvents)} calls
 * {@link #acting()} as its injection begins. A fault whose action comes only after slower work (ninety sessions
 * opened, a volume filled, a delay waited) overrides it and calls {@link #acting()} at the instant it acts.
 *
 * <p>Example: {@code fault.inject(system, FaultEvents.ignored())}.
 */
@FunctionalInterface
public interface FaultEvents extends Consumer<Injection> {

    /**
     * Hands over the fault's undo: a stop from now on runs it, even while the fault still checks its effect. Called
     * once the fault has acted (or, for a delayed fault, with what calls it off before it acts).
     */
    @Override
    void accept(Injection undo);

    /** The fault issues its action now: the signal, the proxy call, the toxic, the change of data. */
    default void acting() {
    }

    /**
     * The fault acted at {@code at}, an instant another clock on this host dated (the container engine's OOM kill event):
     * for a fault whose disruption is not its own call but something it waited for and learned of later. By default
     * as {@link #acting()}, now.
     */
    default void acting(java.time.Instant at) {
        acting();
    }

    /**
     * Before it acts: the fault is about to leave {@code leftover} on the system (a toxic, a disabled proxy, sessions
     * that end with the JVM). The drill writes it to the fault journal first, so that if this JVM dies the next start
     * undoes it ({@link Leftover}).
     */
    default void willLeave(Leftover leftover) {
    }

    /**
     * The fault's target was named by a selector ({@code leader-of}, {@code any-of}) and resolved to {@code service}
     * because of {@code why}: the drill records it on its timeline and in the evidence.
     */
    default void resolved(String selector, String service, String why) {
    }

    /**
     * The fault saw {@code detail} happen at {@code at} (dated by this host's wall clock or the engine's: an OOM kill):
     * the drill puts it on its timeline as an event of kind {@code kind}, so the evidence shows it.
     */
    default void observed(String kind, String detail, java.time.Instant at) {
    }

    /** The fault changed what runs (a release deployed): the drill records it on its timeline and in the evidence. */
    default void changed(ReleaseChange change) {
    }

    /** Events nobody listens to (a fault injected outside a drill). */
    static FaultEvents ignored() {
        return undo -> { };
    }
}
