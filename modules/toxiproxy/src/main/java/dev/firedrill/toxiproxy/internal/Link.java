package dev.firedrill.toxiproxy.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One direction of one proxied connection: reads its source socket and writes its destination,
 * passing the data through the toxics of that direction.
 *
 * <p>With no toxics the reader thread writes each chunk straight to the destination (one copy, no
 * hand-off). Reads go into a direct buffer of 16 KiB; a link whose reads keep filling it (a bulk
 * stream) moves to 256 KiB, which halves the proxy's CPU per byte; at most 256 links hold one. With toxics, chunks are queued (up to {@value #MAX_QUEUED} of them, like the official
 * server's channel buffer) and a worker thread runs them through the chain one at a time, so a
 * latency toxic delays data without throttling it. The switch between the two modes keeps order: the
 * worker only hands back to the reader once its queue is empty and the chain is empty.
 *
 * <p>Closing: when the source ends, the end travels through the chain behind the data, then the
 * destination socket is closed entirely. The other link then fails to read that socket and closes
 * its own destination, so both peers see the connection end (no half-close, as the official server).
 */
final class Link {
    /** Every link starts reading into a small buffer, which keeps thousands of idle connections cheap. */
    static final int SMALL_BUFFER = 16 * 1024;
    /** A link that keeps filling its buffer is a bulk stream: fewer, larger reads and writes go faster. */
    static final int LARGE_BUFFER = 256 * 1024;
    private static final int FULL_READS_BEFORE_GROWING = 8;
    /** Large buffers are direct memory; this many may exist at once, whatever the connection count. */
    private static final Semaphore LARGE_BUFFERS = new Semaphore(256);
    static final int MAX_QUEUED = 1024;
    private static final long FOREVER = Long.MAX_VALUE;

    private final Connection connection;
    private final boolean upstream;
    private final LongAdder received;
    private final LongAdder sent;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queueChanged = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final Condition stageDisturbed = lock.newCondition();
    private final ReentrantLock writeLock = new ReentrantLock();

    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    /** Stages in order; replaced (copy on write) under the lock, read freely by the worker. */
    private volatile List<Stage> chain = List.of();
    private long nextSequence;
    private boolean direct = true;
    private boolean workerRunning;
    private volatile boolean ended;

    private SocketChannel source;
    private SocketChannel destination;

    Link(Connection connection, boolean upstream, List<ToxicSpec> toxics, LongAdder received, LongAdder sent) {
        this.connection = connection;
        this.upstream = upstream;
        this.received = received;
        this.sent = sent;
        List<Stage> stages = new ArrayList<>();
        for (ToxicSpec spec : toxics) {
            stages.add(new Stage(nextSequence++, spec));
        }
        chain = List.copyOf(stages);
    }

    /** Runs on the link's own reader thread until the source ends; starts the worker if toxics are set. */
    void run(SocketChannel from, SocketChannel to) {
        lock.lock();
        try {
            source = from;
            destination = to;
            if (!chain.isEmpty()) {
                direct = false;
                startWorkerLocked();
            }
        } finally {
            lock.unlock();
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(SMALL_BUFFER);
        boolean large = false;
        int fullReads = 0;
        try {
            while (true) {
                buffer.clear();
                int n = from.read(buffer);
                if (n < 0) {
                    break;
                }
                long readAt = System.nanoTime();
                received.add(n);
                buffer.flip();
                if (!queueIfToxic(buffer, readAt)) {
                    writeDirect(buffer);
                }
                fullReads = n == buffer.capacity() ? fullReads + 1 : 0;
                if (!large && fullReads >= FULL_READS_BEFORE_GROWING && LARGE_BUFFERS.tryAcquire()) {
                    large = true;
                    buffer = ByteBuffer.allocateDirect(LARGE_BUFFER);
                }
            }
        } catch (IOException sourceClosedOrBroken) {
            // Same as the end of the stream: the end goes through the chain and closes the destination.
        } finally {
            if (large) {
                LARGE_BUFFERS.release();
            }
        }
        endOfSource();
    }

    private boolean queueIfToxic(ByteBuffer buffer, long readAt) {
        lock.lock();
        try {
            if (ended) {
                return true;
            }
            if (direct) {
                return false;
            }
            while (queue.size() >= MAX_QUEUED && !ended) {
                notFull.awaitUninterruptibly();
            }
            if (!ended) {
                byte[] copy = new byte[buffer.remaining()];
                buffer.get(copy);
                queue.add(new Chunk(copy, 0, copy.length, readAt));
                queueChanged.signal();
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void writeDirect(ByteBuffer buffer) throws IOException {
        int n = buffer.remaining();
        writeLock.lock();
        try {
            while (buffer.hasRemaining()) {
                destination.write(buffer);
            }
        } finally {
            writeLock.unlock();
        }
        sent.add(n);
    }

    private void endOfSource() {
        boolean closeNow;
        lock.lock();
        try {
            closeNow = direct && !ended;
            if (!direct && !ended) {
                queue.add(Chunk.endOfStream(System.nanoTime()));
                queueChanged.signal();
            }
        } finally {
            lock.unlock();
        }
        if (closeNow) {
            end();
        }
    }

    // ---- chain changes (called by the API under the proxy's lock) ----

    void attach(ToxicSpec spec) {
        lock.lock();
        try {
            List<Stage> stages = new ArrayList<>(chain);
            if (!stages.isEmpty()) {
                stages.get(stages.size() - 1).restart();
            }
            stages.add(new Stage(nextSequence++, spec));
            chain = List.copyOf(stages);
            if (destination != null && !ended) {
                direct = false;
                startWorkerLocked();
            }
            signalAllLocked();
        } finally {
            lock.unlock();
        }
    }

    void update(ToxicSpec spec) {
        lock.lock();
        try {
            for (Stage stage : chain) {
                if (stage.spec.name().equals(spec.name())) {
                    stage.spec = spec;
                    stage.restart();
                }
            }
            signalAllLocked();
        } finally {
            lock.unlock();
        }
    }

    void detach(String name) {
        lock.lock();
        try {
            List<Stage> stages = new ArrayList<>(chain);
            for (int i = 0; i < stages.size(); i++) {
                if (stages.get(i).spec.name().equals(name)) {
                    Stage gone = stages.remove(i);
                    gone.removed = true;
                    if (i > 0) {
                        stages.get(i - 1).restart();
                    }
                    break;
                }
            }
            chain = List.copyOf(stages);
            signalAllLocked();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the link for good (the connection is being closed): waits end, the worker exits. */
    void abandon() {
        lock.lock();
        try {
            ended = true;
            queue.clear();
            signalAllLocked();
        } finally {
            lock.unlock();
        }
    }

    private void signalAllLocked() {
        queueChanged.signalAll();
        stageDisturbed.signalAll();
        notFull.signalAll();
    }

    private void startWorkerLocked() {
        if (!workerRunning) {
            workerRunning = true;
            connection.startThread(this::work, upstream ? "up-toxics" : "down-toxics");
        }
    }

    // ---- the worker: runs queued chunks through the chain ----

    private void work() {
        try {
            Chunk chunk;
            while ((chunk = nextChunk()) != null) {
                pass(chunk, -1);
            }
        } catch (IOException | RuntimeException broken) {
            end();
        } finally {
            lock.lock();
            try {
                workerRunning = false;
            } finally {
                lock.unlock();
            }
        }
    }

    /** The next queued chunk, or null when the worker should stop (link ended or no toxics left). */
    private Chunk nextChunk() {
        boolean idleTimeout = false;
        lock.lock();
        try {
            while (true) {
                if (ended) {
                    return null;
                }
                Chunk chunk = queue.poll();
                if (chunk != null) {
                    notFull.signal();
                    return chunk;
                }
                List<Stage> stages = chain;
                if (stages.isEmpty()) {
                    direct = true;
                    return null;
                }
                long deadline = idleDeadline(stages);
                long now = System.nanoTime();
                if (deadline != FOREVER && now - deadline >= 0) {
                    idleTimeout = true;
                    return null;
                }
                if (deadline == FOREVER) {
                    queueChanged.awaitUninterruptibly();
                } else {
                    awaitNanos(queueChanged, deadline - now);
                }
            }
        } finally {
            lock.unlock();
            if (idleTimeout) {
                end();
            }
        }
    }

    /** The earliest moment an active timeout toxic closes the link for lack of data. */
    private static long idleDeadline(List<Stage> stages) {
        long deadline = FOREVER;
        for (Stage stage : stages) {
            ToxicSpec spec = stage.spec;
            if (stage.active && spec.kind() == ToxicKind.TIMEOUT && spec.attribute("timeout") > 0) {
                long at = stage.idleSince + TimeUnit.MILLISECONDS.toNanos(spec.attribute("timeout"));
                if (deadline == FOREVER || at - deadline < 0) {
                    deadline = at;
                }
            }
        }
        return deadline;
    }

    /** Sends {@code chunk} through every stage after {@code afterSequence}, then to the destination. */
    private void pass(Chunk chunk, long afterSequence) throws IOException {
        long position = afterSequence;
        while (!ended) {
            Stage stage = stageAfter(position);
            if (stage == null) {
                deliver(chunk);
                return;
            }
            position = stage.sequence;
            if (stage.active && !apply(stage, chunk)) {
                return;
            }
        }
    }

    private Stage stageAfter(long position) {
        for (Stage stage : chain) {
            if (stage.sequence > position) {
                return stage;
            }
        }
        return null;
    }

    private void deliver(Chunk chunk) throws IOException {
        if (chunk.isEnd()) {
            end();
            return;
        }
        ByteBuffer buffer = ByteBuffer.wrap(chunk.data, chunk.offset, chunk.length);
        writeLock.lock();
        try {
            while (buffer.hasRemaining()) {
                destination.write(buffer);
            }
        } finally {
            writeLock.unlock();
        }
        sent.add(chunk.length);
    }

    /**
     * Applies one toxic to one chunk. Returns true when the chunk (possibly changed) goes on to the
     * next stage, false when the toxic consumed it (dropped it or already passed it on in pieces).
     */
    private boolean apply(Stage stage, Chunk chunk) throws IOException {
        ToxicSpec spec = stage.spec;
        long restarts = stage.restarts;
        switch (spec.kind()) {
            case LATENCY -> {
                if (chunk.isEnd()) {
                    return true;
                }
                long delay = spec.attribute("latency");
                long jitter = spec.attribute("jitter");
                if (jitter > 0) {
                    delay += ThreadLocalRandom.current().nextLong(2 * jitter) - jitter;
                }
                long target = chunk.readAt + TimeUnit.MILLISECONDS.toNanos(delay);
                if (waitUntil(target, stage, restarts)) {
                    chunk.readAt = target;
                }
                return true;
            }
            case BANDWIDTH -> {
                return chunk.isEnd() || throttle(stage, chunk, spec.attribute("rate"), restarts);
            }
            case SLOW_CLOSE -> {
                if (chunk.isEnd()) {
                    waitUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(spec.attribute("delay")),
                            stage, restarts);
                }
                return true;
            }
            case TIMEOUT -> {
                if (chunk.isEnd()) {
                    return true;
                }
                stage.idleSince = System.nanoTime();
                return false;
            }
            case RESET_PEER -> {
                long sleepUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(spec.attribute("timeout"));
                waitUntil(sleepUntil, null, 0);
                end();
                return false;
            }
            case SLICER -> {
                return chunk.isEnd() || slice(stage, chunk, restarts);
            }
            case LIMIT_DATA -> {
                if (chunk.isEnd()) {
                    return true;
                }
                long limit = spec.attribute("bytes");
                long remaining = limit - stage.forwarded;
                if (remaining <= 0) {
                    end();
                    return false;
                }
                Chunk allowed = chunk.length > remaining ? chunk.slice(0, (int) remaining) : chunk;
                stage.forwarded += allowed.length;
                pass(allowed, stage.sequence);
                if (stage.forwarded >= limit) {
                    end();
                }
                return false;
            }
            default -> {
                return true;
            }
        }
    }

    /** bandwidth: {@code rate} bytes per millisecond; 0 holds everything until the toxic changes. */
    private boolean throttle(Stage stage, Chunk chunk, long rate, long restarts) throws IOException {
        if (rate <= 0) {
            waitUntil(FOREVER, stage, restarts);
            return true;
        }
        long hundredMillis = TimeUnit.MILLISECONDS.toNanos(100);
        stage.bandwidthDebtNanos += chunk.length * 1_000_000L / rate;
        long piece = rate * 100;
        Chunk rest = chunk;
        while (rest.length > piece) {
            if (!waitUntil(System.nanoTime() + hundredMillis, stage, restarts)) {
                pass(rest, stage.sequence);
                return false;
            }
            pass(rest.slice(0, (int) piece), stage.sequence);
            rest = rest.slice((int) piece, rest.length - (int) piece);
            stage.bandwidthDebtNanos -= hundredMillis;
        }
        long start = System.nanoTime();
        if (stage.bandwidthDebtNanos > 0 && !waitUntil(start + stage.bandwidthDebtNanos, stage, restarts)) {
            pass(rest, stage.sequence);
            return false;
        }
        stage.bandwidthDebtNanos -= System.nanoTime() - start;
        pass(rest, stage.sequence);
        return false;
    }

    /**
     * slicer: recursive halving into pieces near {@code average_size}, a pause of {@code delay} µs after each. With
     * {@code average_size} 0 (the attributes' defaults, which the official server accepts and then hangs on) the
     * data passes unsliced.
     */
    private boolean slice(Stage stage, Chunk chunk, long restarts) throws IOException {
        ToxicSpec spec = stage.spec;
        long average = spec.attribute("average_size");
        long variation = spec.attribute("size_variation");
        if (average <= 0) {
            pass(chunk, stage.sequence);
            return false;
        }
        long delayNanos = TimeUnit.MICROSECONDS.toNanos(spec.attribute("delay"));
        List<int[]> pieces = new ArrayList<>();
        cut(0, chunk.length, average, variation, pieces);
        for (int i = 0; i < pieces.size(); i++) {
            int[] piece = pieces.get(i);
            pass(chunk.slice(piece[0], piece[1]), stage.sequence);
            if (ended) {
                return false;
            }
            if (delayNanos > 0 && !waitUntil(System.nanoTime() + delayNanos, stage, restarts)) {
                if (i + 1 < pieces.size()) {
                    int from = pieces.get(i + 1)[0];
                    pass(chunk.slice(from, chunk.length - from), stage.sequence);
                }
                return false;
            }
        }
        return false;
    }

    private static void cut(int from, int length, long average, long variation, List<int[]> pieces) {
        if (length - average <= variation || length <= 1) {
            pieces.add(new int[] {from, length});
            return;
        }
        long middle = length / 2;
        if (variation > 0) {
            middle += ThreadLocalRandom.current().nextLong(2 * variation) - variation;
        }
        int cutAt = (int) Math.max(1, Math.min(length - 1, middle));
        cut(from, cutAt, average, variation, pieces);
        cut(from + cutAt, length - cutAt, average, variation, pieces);
    }

    /**
     * Waits until {@code deadline}. Returns true when it was reached, false when the wait was cut
     * short because the stage restarted or was removed, or the link ended. A null stage is only cut
     * short by the link ending.
     */
    private boolean waitUntil(long deadline, Stage stage, long restarts) {
        lock.lock();
        try {
            while (true) {
                if (ended || (stage != null && (stage.restarts != restarts || stage.removed))) {
                    return false;
                }
                if (deadline == FOREVER) {
                    stageDisturbed.awaitUninterruptibly();
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                awaitNanos(stageDisturbed, left);
            }
        } finally {
            lock.unlock();
        }
    }

    private static void awaitNanos(Condition condition, long nanos) {
        try {
            condition.awaitNanos(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends this link: no more data flows, and the destination socket is closed (FIN, or RST with linger 0). */
    void end() {
        lock.lock();
        try {
            ended = true;
            queue.clear();
            signalAllLocked();
        } finally {
            lock.unlock();
        }
        connection.close(destination);
    }
}
