package dev.firedrill.load;

import dev.firedrill.HarnessClock;
import dev.firedrill.Observation;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The hand-off between a drill and the Gatling simulation running in the same JVM. Gatling creates
 * the simulation reflectively with no arguments, so the simulation picks up the drill's sink in its
 * field initialisers; one Gatling run at a time ({@link GatlingRuns}), hence one slot.
 */
final class LoadBridge {

    /**
     * Where the requests of one run go, the flag that ends its injection, from when on requests are
     * recorded (monotonic nanos of {@code clock}; {@code Long.MAX_VALUE} until the warm-up is over), and
     * how many requests finished, recorded or not.
     */
    record Target(String path, HarnessClock clock, Consumer<Observation> sink, AtomicBoolean stopRequested,
            AtomicLong recordFromMono, AtomicLong finished) {

        boolean records(long startMono) {
            return startMono - recordFromMono.get() >= 0 && recordFromMono.get() != Long.MAX_VALUE;
        }
    }

    private static volatile Target current;

    private LoadBridge() {
    }

    static void attach(Target target) {
        current = target;
    }

    static void detach() {
        current = null;
    }

    /** The drill's target, or null when the simulation runs on its own ({@code mvn gatling:test}). */
    static Target current() {
        return current;
    }
}
