package dev.firedrill.toxiproxy.internal;

/** Bytes read from one socket in one read, or the end of the stream ({@code data == null}). */
final class Chunk {
    final byte[] data;
    final int offset;
    final int length;
    /** When the proxy read it ({@link System#nanoTime()}); latency toxics move it forward. */
    long readAt;

    Chunk(byte[] data, int offset, int length, long readAt) {
        this.data = data;
        this.offset = offset;
        this.length = length;
        this.readAt = readAt;
    }

    static Chunk endOfStream(long readAt) {
        return new Chunk(null, 0, 0, readAt);
    }

    boolean isEnd() {
        return data == null;
    }

    Chunk slice(int from, int count) {
        return new Chunk(data, offset + from, count, readAt);
    }
}
