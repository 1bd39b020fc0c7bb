package dev.firedrill.toxiproxy.internal;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Request ids shaped like the official server's xid: 12 bytes, 20 characters of base32hex. */
final class RequestIds {
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuv".toCharArray();

    private final byte[] machineAndProcess = new byte[5];
    private final AtomicInteger counter;

    RequestIds() {
        SecureRandom random = new SecureRandom();
        random.nextBytes(machineAndProcess);
        counter = new AtomicInteger(random.nextInt());
    }

    String next() {
        byte[] id = new byte[12];
        int seconds = (int) (System.currentTimeMillis() / 1000);
        id[0] = (byte) (seconds >>> 24);
        id[1] = (byte) (seconds >>> 16);
        id[2] = (byte) (seconds >>> 8);
        id[3] = (byte) seconds;
        System.arraycopy(machineAndProcess, 0, id, 4, 5);
        int count = counter.incrementAndGet();
        id[9] = (byte) (count >>> 16);
        id[10] = (byte) (count >>> 8);
        id[11] = (byte) count;
        StringBuilder out = new StringBuilder(20);
        long bits = 0;
        int available = 0;
        for (byte b : id) {
            bits = (bits << 8) | (b & 0xff);
            available += 8;
            while (available >= 5) {
                out.append(ALPHABET[(int) ((bits >>> (available - 5)) & 31)]);
                available -= 5;
            }
        }
        if (available > 0) {
            out.append(ALPHABET[(int) ((bits << (5 - available)) & 31)]);
        }
        return out.toString();
    }
}
