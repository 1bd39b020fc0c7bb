package dev.firedrill;

/**
 * Something that goes wrong on purpose: a killed process, a cut network path, a held lock.
 *
 * <p>A fault names its target; the drill decides when it happens. {@link #inject} returns only once
 * the fault has verifiably taken effect (or throws {@link FaultNotEffectiveException}), and the
 * returned {@link Injection} undoes it. Implementations: {@code dev.firedrill.fault.Faults}.
 *
 * <p>Example: {@code try (Injection cut = Faults.kill("ledger").inject(stack)) { ... }}
 */
public interface Fault extends DrillStep {

    /** A name that reads like the runbook, e.g. {@code kill(ledger)}. */
    @Override
    String name();

    /** Injects the fault, verifies it took effect, and returns its undo. */
    Injection inject(SystemUnderTest system);

    /**
     * Whether the instant this fault acts is the drill's {@code disruption} although faults follow it. By default the last
     * fault's is (the ones before set the stage: D11 cuts the replication stream, then kills the primary); a fault whose
     * effect users meet at once, followed by more damage, says so (D20: the bad release deployed, then its destructive
     * migration). A drill file writes {@code disruption: true} on the entry; Java wraps it with
     * {@code Faults.markingDisruption}.
     */
    default boolean marksDisruption() {
        return false;
    }

    /**
     * Injects the fault like {@link #inject(SystemUnderTest)}, telling {@code events} the instant it acts and handing
     * over its undo as soon as the fault has acted, before its effect is verified, so that a global stop arriving
     * during a slow check (a refused connection, a slow round trip, ninety sessions opened) reverts it at once. The
     * undo may then run on another thread while this method still checks; the fault then gives up its check and
     * throws. Every undo handed over is undone (a delayed fault hands over one that calls it off during its delay);
     * the one returned is among them.
     *
     * <p>The default says the fault acts as its injection begins, and hands the undo over once verified: right for a
     * fault that acts at once (the drill's {@code disruption} may then be a few milliseconds early, never late).
     */
    default Injection inject(SystemUnderTest system, FaultEvents events) {
        events.acting();
        Injection injection = inject(system);
        events.accept(injection);
        return injection;
    }

    /**
     * Checks, acting on nothing, that this fault applies to {@code system}: its target exists and is of
     * the right kind. The runner checks every fault of a drill before it injects the first, so a mistake
     * in the last fault never leaves the system disrupted by the first.
     *
     * @throws IllegalArgumentException saying what is wrong and what would be valid
     */
    @Override
    default void validate(SystemUnderTest system) {
    }
}
