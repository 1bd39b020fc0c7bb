package dev.firedrill.measure;

import dev.firedrill.HarnessClock;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The schedule, ledger bookkeeping and clean stop shared by the steady writers. */
abstract class ScheduledWriter implements SteadyWriter {

    /** The outcome of one write as the writer classified it. */
    record Result(Outcome outcome, String reason) {
        static final Result ACK = new Result(Outcome.ACKNOWLEDGED, null);

        static Result failed(String reason) {
            return new Result(Outcome.FAILED, reason);
        }

        static Result indeterminate(String reason) {
            return new Result(Outcome.INDETERMINATE, reason);
        }
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    protected final WriterSettings settings;
    private final OperationLedger ledger;
    private final ScheduledExecutorService executor;
    private ScheduledFuture<?> schedule;
    private boolean started;
    private boolean stopped;
    private boolean released;

    ScheduledWriter(HarnessClock clock, long firstId, WriterSettings settings, String threadName) {
        this.settings = Objects.requireNonNull(settings, "settings must not be null");
        this.ledger = new OperationLedger(Objects.requireNonNull(clock, "clock must not be null"), firstId);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "firedrill-" + threadName + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Performs one write of operation {@code id}; never throws. */
    abstract Result write(long id);

    /** Releases connections; called once, from {@link #close()}. */
    abstract void release();

    @Override
    public OperationLedger ledger() {
        return ledger;
    }

    @Override
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("Writer " + name() + " was already started");
        }
        started = true;
        prepare();
        schedule = executor.scheduleAtFixedRate(this::tick, 0, settings.interval().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs before the first write (e.g. creates a table); may throw {@link MeasurementException}. */
    void prepare() {
    }

    private void tick() {
        long id = ledger.invoke();
        Result r;
        try {
            r = write(id);
        } catch (RuntimeException e) {
            r = Result.indeterminate("writer error: " + MeasurementException.describe(e));
        }
        switch (r.outcome()) {
            case ACKNOWLEDGED -> ledger.acknowledged(id);
            case FAILED -> ledger.failed(id, r.reason());
            default -> ledger.indeterminate(id, r.reason());
        }
    }

    @Override
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (schedule != null) {
            schedule.cancel(false);
        }
        // Bounded: the write in flight ends within its own timeout.
        ScheduledProbeRun.stopWithin(executor, settings.requestTimeout().plusSeconds(2));
    }

    @Override
    public synchronized void close() {
        stop();
        if (!released) {
            released = true;
            release();
        }
    }

    @Override
    public String toString() {
        return name() + " " + ledger;
    }
}
