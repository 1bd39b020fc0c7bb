package dev.firedrill.recovery;

import java.util.List;

/**
 * What a script printed (stdout and stderr interleaved), thread-safe, bounded: past {@code limit}
 * characters the middle is left out (the start and the latest output are kept, and the gap is named).
 */
final class CapturedOutput {

    private final int half;
    private final StringBuilder head = new StringBuilder();
    private final StringBuilder tail = new StringBuilder();
    private long leftOut;

    CapturedOutput(int limit) {
        this.half = Math.max(1, limit / 2);
    }

    synchronized void append(String text) {
        int room = half - head.length();
        if (room > 0) {
            head.append(text, 0, Math.min(room, text.length()));
            text = text.substring(Math.min(room, text.length()));
        }
        tail.append(text);
        if (tail.length() > half) {
            int drop = tail.length() - half;
            tail.delete(0, drop);
            leftOut += drop;
        }
    }

    /** Everything kept, with a line naming how much was left out in the middle. */
    synchronized String text() {
        return leftOut == 0 ? head + tail.toString()
                : head + "\n[... " + leftOut + " characters of output left out ...]\n" + tail;
    }

    /** The last {@code lines} lines. */
    synchronized String lastLines(int lines) {
        List<String> all = text().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
