package dev.firedrill;

import java.util.function.Consumer;

/**
 * Something that goes wrong on purpose: a killed process, a cut network path, a held lock.
 *
 * <p>A fault names its target; the drill decides when it happens. {@link #inject} returns only once
 * the fault has verifiably taken effect (or throws {@link FaultNotEffectiveException}), and the
 * returned {@link Injection} undoes it. Implementations: {@code dev.firedrill.fault.Faults}.
 *
 * <p>Example: {@code try (Injection cut = Faults.kill("ledger").inject(stack)) { ... }}
 */
public interface Fault {

    /** A name that reads like the runbook, e.g. {@code kill(ledger)}. */
    String name();

    /** Injects the fault, verifies it took effect, and returns its undo. */
    Injection inject(SystemUnderTest system);

    /**
     * Injects the fault like {@link #inject(SystemUnderTest)}, and hands its undo to {@code applied} as soon as
     * the fault acts, before its effect is verified, so that a global stop arriving during a slow check (a
     * refused connection, a slow round trip, ninety sessions opened) reverts it at once. The undo may then run
     * on another thread while this method still checks; the fault then gives up its check and throws. Every
     * undo handed over is undone (a delayed fault hands over one that calls it off during its delay); the one
     * returned is among them. The default hands it over once verified.
     */
    default Injection inject(SystemUnderTest system, Consumer<Injection> applied) {
        Injection injection = inject(system);
        applied.accept(injection);
        return injection;
    }

    /**
     * Checks, acting on nothing, that this fault applies to {@code system}: its target exists and is of
     * the right kind. The runner checks every fault of a drill before it injects the first, so a mistake
     * in the last fault never leaves the system disrupted by the first.
     *
     * @throws IllegalArgumentException saying what is wrong and what would be valid
     */
    default void validate(SystemUnderTest system) {
    }

    /**
     * True when the fault acts from the moment its injection begins and {@link #inject} then only waits to observe
     * it (a latency toxic: the check needs a slow round trip, about a second): the runner dates {@code disruption}
     * when the injection began, so requests made during the check count in {@code during}, not in the
     * {@code before} baseline. False (the default): {@code disruption} is dated once the fault is verified (a kill,
     * or a disk fill that takes effect only at its end), as {@code contracts.md} §3 says.
     */
    default boolean actsFromInjectionStart() {
        return false;
    }
}
