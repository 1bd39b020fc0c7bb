package dev.firedrill.measure;

import dev.firedrill.Observation;
import dev.firedrill.Probe;
import dev.firedrill.Timeline;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A probe at work: one daemon thread observes every {@code interval} (the next observation starts at
 * once when one took longer) and records each on the timeline. An observation that throws is noted on
 * the timeline instead of silently ending the schedule. Closing waits for the observation in flight,
 * bounded by the probe's own timeout.
 */
public final class ScheduledProbeRun implements Probe.Running {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String path;
    private final Duration timeout;
    private final ScheduledExecutorService executor;
    private final Runnable afterStop;
    private final AtomicLong count = new AtomicLong();
    private boolean closed;

    /**
     * Starts observing: {@code observe} gets the observation's number (1, 2, ...) and returns what it saw,
     * within {@code timeout}.
     */
    public static ScheduledProbeRun start(String path, Duration interval, Duration timeout, Timeline timeline,
                                   LongFunction<Observation> observe) {
        return new ScheduledProbeRun(path, interval, timeout, timeline, observe, () -> { });
    }

    /**
     * A probe that only watches (the drill does not wait for it to be steady) on path {@code path}: every
     * {@code interval} it asks {@code observer} for an observation, given the run's timeline.
     */
    public static Probe watching(String path, Duration interval, Duration timeout,
                                               java.util.function.Function<Timeline, Observation> observer) {
        return new Probe() {
            @Override
            public String path() {
                return path;
            }

            @Override
            public boolean steadyState() {
                return false;
            }

            @Override
            public Probe.Running start(Timeline timeline) {
                return ScheduledProbeRun.start(path, interval, timeout, timeline, n -> observer.apply(timeline));
            }
        };
    }

    /** The same, running {@code afterStop} (e.g. closing the probe's connection) once the last observation is done. */
    public static ScheduledProbeRun start(String path, Duration interval, Duration timeout, Timeline timeline,
                                   LongFunction<Observation> observe, Runnable afterStop) {
        return new ScheduledProbeRun(path, interval, timeout, timeline, observe, afterStop);
    }

    private ScheduledProbeRun(String path, Duration interval, Duration timeout, Timeline timeline,
                              LongFunction<Observation> observe, Runnable afterStop) {
        this.path = path;
        this.afterStop = afterStop;
        this.timeout = timeout;
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "firedrill-probe-" + path + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.scheduleAtFixedRate(() -> {
            try {
                timeline.record(observe.apply(count.get() + 1));
                count.incrementAndGet();
            } catch (RuntimeException e) {
                timeline.note("probe-error", path + ": " + MeasurementException.describe(e));
            }
        }, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public long observations() {
        return count.get();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopWithin(executor, timeout.plusSeconds(2));
        afterStop.run();
    }

    /**
     * Stops {@code executor}, letting the task in flight finish within {@code bound} (then interrupting it): how every
     * schedule of the harness (probes, writers, the alert watch) ends.
     */
    public static void stopWithin(java.util.concurrent.ExecutorService executor, Duration bound) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
