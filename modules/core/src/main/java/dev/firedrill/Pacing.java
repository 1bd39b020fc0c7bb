package dev.firedrill;

import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;

/**
 * How the runner waits: it polls a condition until it holds or a bound has passed. The runner takes its clock and
 * its pacing from outside, so a test controls time completely: {@link #realTime()} sleeps between polls (every wait
 * named and bounded, through Awaitility); {@link #stepping} moves a {@link ManualClock} forward instead, so a drill
 * with a 10 s hold runs in microseconds.
 *
 * <p>Example: {@code new DrillRunner(clock, analysis, reporter).withPacing(Pacing.stepping(clock, now -> probe.observe(now)))}.
 */
public interface Pacing {

    /**
     * Polls {@code condition} every {@code poll} until it holds (true) or {@code bound} has passed (false). An
     * exception the condition throws ends the wait and propagates.
     *
     * @param what the wait's name, for diagnostics (e.g. "steady again after the recovery")
     */
    boolean until(String what, Duration bound, Duration poll, BooleanSupplier condition);

    /** Real time: Awaitility polls in the calling thread, sleeping {@code poll} between checks. */
    static Pacing realTime() {
        return RealTime.INSTANCE;
    }

    /**
     * Virtual time for tests: instead of sleeping, each poll moves {@code clock} forward by the poll interval and
     * then calls {@code eachStep} with the new now (where a test's fake probes record what they would have seen).
     */
    static Pacing stepping(ManualClock clock, Consumer<TimePoint> eachStep) {
        Objects.requireNonNull(clock, "clock must not be null");
        Objects.requireNonNull(eachStep, "eachStep must not be null");
        return (what, bound, poll, condition) -> {
            TimePoint from = clock.now();
            while (!condition.getAsBoolean()) {
                if (clock.now().since(from).compareTo(bound) >= 0) {
                    return false;
                }
                eachStep.accept(clock.advance(poll));
            }
            return true;
        };
    }

    /** The real-time pacing; a singleton because it holds no state. */
    enum RealTime implements Pacing {
        INSTANCE;

        @Override
        public boolean until(String what, Duration bound, Duration poll, BooleanSupplier condition) {
            try {
                await(what).atMost(bound).pollInterval(poll).pollInSameThread().until(condition::getAsBoolean);
                return true;
            } catch (ConditionTimeoutException e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return "Pacing.realTime()";
        }
    }
}
