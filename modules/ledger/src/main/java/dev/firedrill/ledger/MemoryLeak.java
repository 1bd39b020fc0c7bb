package dev.firedrill.ledger;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * A leak on purpose ({@code POST /admin/leak?mib-per-second=N}, drill D23): native memory allocated at a set rate and
 * never given back, every page written so that it is really resident. Native, not heap: a growing heap ends in the JVM's
 * own OutOfMemoryError (the image runs {@code -XX:+ExitOnOutOfMemoryError}), whereas a leak outside the heap grows the
 * process until the kernel's OOM killer ends it at the container's memory limit, as a leaking API process dies in
 * production. Direct buffers would be capped by {@code MaxDirectMemorySize}; memory from {@code sun.misc.Unsafe} is not.
 * A rate of 0 stops the leak (what it took stays taken: a leak gives nothing back).
 */
final class MemoryLeak {

    static final int MAX_MIB_PER_SECOND = 1024;
    /** The leak allocates in steps this far apart, a tenth of its rate each. */
    private static final long STEP_MILLIS = 100;
    private static final long MIB = 1L << 20;

    private final MethodHandle allocate;
    private final MethodHandle fill;
    private final List<Long> blocks = new ArrayList<>();
    private Thread leaking;
    private int mibPerSecond;
    private long leakedBytes;

    MemoryLeak() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null);
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            allocate = lookup.findVirtual(unsafeClass, "allocateMemory", MethodType.methodType(long.class, long.class)).bindTo(unsafe);
            fill = lookup.findVirtual(unsafeClass, "setMemory", MethodType.methodType(void.class, long.class, long.class, byte.class))
                    .bindTo(unsafe);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("native memory is not reachable (sun.misc.Unsafe in module jdk.unsupported): " + e, e);
        }
    }

    /** Leaks {@code rate} MiB per second from now on (0: stops); answers the rate before. */
    synchronized int leak(int rate) {
        if (rate < 0 || rate > MAX_MIB_PER_SECOND) {
            throw new InvalidRequestException("mib-per-second must be a whole number from 0 (stop) to " + MAX_MIB_PER_SECOND + ", got " + rate);
        }
        int before = mibPerSecond;
        mibPerSecond = rate;
        if (rate > 0 && leaking == null) {
            leaking = new Thread(this::run, "memory-leak");
            leaking.setDaemon(true);
            leaking.start();
        }
        notifyAll();
        return before;
    }

    synchronized int rate() {
        return mibPerSecond;
    }

    synchronized long leakedBytes() {
        return leakedBytes;
    }

    private void run() {
        while (true) {
            long step;
            synchronized (this) {
                while (mibPerSecond == 0) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                step = mibPerSecond * MIB * STEP_MILLIS / 1000;
            }
            grow(step);
            try {
                Thread.sleep(STEP_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Allocates {@code bytes} of native memory and writes every byte, so that the pages are resident, not just reserved. */
    private void grow(long bytes) {
        try {
            long address = (long) allocate.invokeExact(bytes);
            fill.invokeExact(address, bytes, (byte) 0x5a);
            synchronized (this) {
                blocks.add(address);
                leakedBytes += bytes;
            }
        } catch (Throwable e) {
            throw new IllegalStateException("could not leak " + bytes + " bytes: " + e, e);
        }
    }
}
