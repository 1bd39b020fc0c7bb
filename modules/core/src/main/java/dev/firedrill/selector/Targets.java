package dev.firedrill.selector;

import dev.firedrill.Fault;
import dev.firedrill.Recovery;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Entry class of targets named by what they are when the step acts.
 *
 * <pre>{@code
 * TargetSelector primary = Targets.leaderOf(List.of("pg1", "pg2", "pg3"), LeaderCheck.http("/primary", 8008, 200));
 * drill.fault(Targets.fault("kill", primary, Faults::kill))
 *      .recovery(Targets.recovery("restart", Targets.anyOf(List.of("ledger", "ledger-b"), 42L), Recoveries::restart));
 * }</pre>
 */
public final class Targets {

    private Targets() {
    }

    /** The one of {@code candidates} that {@code by} names the leader, asked again for up to 10 s while none or several do. */
    public static TargetSelector leaderOf(List<String> candidates, LeaderCheck by) {
        return new LeaderOf(candidates, by, LeaderOf.DEFAULT_WITHIN);
    }

    /** As {@link #leaderOf(List, LeaderCheck)}, asking for up to {@code within}. */
    public static TargetSelector leaderOf(List<String> candidates, LeaderCheck by, Duration within) {
        return new LeaderOf(candidates, by, within);
    }

    /** One of {@code candidates} at random; {@code seed} null draws a fresh seed each time and records it. */
    public static TargetSelector anyOf(List<String> candidates, Long seed) {
        return new AnyOf(candidates, seed);
    }

    /** The fault {@code of} builds, on the service {@code selector} names when it is injected. */
    public static Fault fault(String kind, TargetSelector selector, Function<String, Fault> of) {
        return new SelectedFault(new Selection<>(kind, selector, of));
    }

    /** The recovery step {@code of} builds, on the service {@code selector} names when it runs. */
    public static Recovery recovery(String kind, TargetSelector selector, Function<String, Recovery> of) {
        return new SelectedRecovery(new Selection<>(kind, selector, of));
    }
}
