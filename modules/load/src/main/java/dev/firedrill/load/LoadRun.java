package dev.firedrill.load;

import dev.firedrill.HarnessClock;
import dev.firedrill.Observation;
import dev.firedrill.TimePoint;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One Gatling run inside a drill, as the drill sees it: where its requests go (the timeline path {@code path}, and
 * {@code path/<request name>} for each request name), from when on they are recorded (nothing until the warm-up is
 * over), how many have finished, and how the drill ends the run. Gatling's side ({@link RecordingRunner},
 * {@link RecordingStatsEngine}) reports into it; the simulation itself knows nothing of it.
 */
final class LoadRun {

    private final String path;
    private final GatlingClock clock;
    private final Consumer<Observation> sink;
    /** Monotonic nanos of the drill's clock from which requests are recorded; {@code Long.MAX_VALUE} until then. */
    private final AtomicLong recordFromMono = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong finished = new AtomicLong();
    private final AtomicBoolean stopRequested = new AtomicBoolean();
    private final AtomicBoolean stopSent = new AtomicBoolean();
    private volatile boolean statsStopped;
    private volatile Runnable stopper;
    private volatile boolean injecting;

    LoadRun(String path, HarnessClock clock, Consumer<Observation> sink) {
        this.path = path;
        this.clock = new GatlingClock(clock);
        this.sink = sink;
    }

    /** The clock Gatling runs on: the drill's. */
    GatlingClock clock() {
        return clock;
    }

    /** Requests finished so far, recorded or not (the warm-up's too). */
    long finished() {
        return finished.get();
    }

    /** Records every request that starts from now on. */
    void recordFromNow() {
        recordFromMono.set(clock.drillClock().now().monotonicNanos());
    }

    /**
     * One request's outcome as Gatling logged it (start and end are {@link #clock()} timestamps): recorded under the
     * path and under {@code path/request}, in the phase in which it started, unless it started before recording began
     * or ends after Gatling stopped its statistics ({@link #statsStopped()}).
     */
    void response(String request, long startMillis, long endMillis, boolean ok, String detail) {
        if (statsStopped) {
            return;
        }
        finished.incrementAndGet();
        TimePoint start = clock.at(startMillis);
        long from = recordFromMono.get();
        if (from == Long.MAX_VALUE || start.monotonicNanos() - from < 0) {
            return;
        }
        Duration latency = Duration.ofMillis(Math.max(0, endMillis - startMillis));
        sink.accept(new Observation(path, start, latency, ok, detail));
        sink.accept(new Observation(path + "/" + request, start, latency, ok, detail));
    }

    /** How to end the run (Gatling's controller), set before the run starts. */
    void stoppedBy(Runnable stopLoadGenerator) {
        this.stopper = stopLoadGenerator;
        stopIfAsked();
    }

    /** Gatling's controller started the run: from now on it can be told to stop. */
    void injectionStarted() {
        injecting = true;
        stopIfAsked();
    }

    /**
     * Gatling stopped its statistics: the run is over, and the requests still in flight are cut off as its event loops
     * close. Gatling's log leaves them out (they are neither OK nor KO); so does the drill, or each would count as a
     * failure of the last phase that the drill's own stop caused.
     */
    void statsStopped() {
        statsStopped = true;
    }

    /** Ends the run: at once when it is injecting, else as soon as it starts to. Idempotent. */
    void stop() {
        stopRequested.set(true);
        stopIfAsked();
    }

    private void stopIfAsked() {
        Runnable s = stopper;
        if (stopRequested.get() && injecting && s != null && stopSent.compareAndSet(false, true)) {
            s.run();
        }
    }
}
