package dev.firedrill.recovery;

import java.time.Duration;

/**
 * How a script run ended: its exit code (null when it was killed at its bound), and how long it ran.
 */
record ScriptOutcome(Integer exitCode, boolean killedAtBound, Duration took) {
}
