package dev.firedrill.load;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What the load against the reference service looks like: requests per second, the share of them
 * that are writes, and the longest it may run. Each request is one Gatling virtual user (open model),
 * recorded into the drill's timeline under {@code path}.
 *
 * <p>Every value can be changed without code, through system properties that win over what the drill
 * file or class says: {@code -Dload.rate=300 -Dload.writeShare=0.5 -Dload.maxDuration=PT10M -Dload.warmUp=PT5S -Dload.baseline=PT10S}.
 * Example: {@code Loads.ledger(LoadSettings.defaults().rate(100).writeShare(0.3))}.
 *
 * @param rate        requests started per second (one virtual user each)
 * @param writeShare  share of requests that are {@code POST /entries}; the rest read an entry written before
 * @param maxDuration injection stops after this even if the drill has not stopped it
 * @param warmUp      requests of the first {@code warmUp} are sent (and in Gatling's report) but not recorded:
 *                    a cold JVM (JIT, class loading) would otherwise put seconds-long answers into {@code before}
 * @param baseline    how long the load is recorded before {@code start} returns (recording starts once the drill's
 *                    probes answer), so that a drill's {@code before} phase (which ends at the disruption) holds a
 *                    baseline of the healthy service under load, not a second of it
 * @param path        the timeline path the requests are recorded under (objectives name it)
 */
public record LoadSettings(double rate, double writeShare, Duration maxDuration, Duration warmUp, Duration baseline,
        String path) {

    /** The timeline path of Gatling's requests unless a drill names another. */
    public static final String DEFAULT_PATH = "load";

    /** Validates every field, naming it. */
    public LoadSettings {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("Load rate must be a positive number of requests per second, was " + rate);
        }
        if (!(writeShare >= 0 && writeShare <= 1)) {
            throw new IllegalArgumentException("Load writeShare must be a share in [0, 1] (e.g. 0.5), was " + writeShare);
        }
        Objects.requireNonNull(maxDuration, "Load maxDuration must not be null");
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("Load maxDuration must be positive, was " + maxDuration);
        }
        Objects.requireNonNull(warmUp, "Load warmUp must not be null");
        if (warmUp.isNegative()) {
            throw new IllegalArgumentException("Load warmUp must be zero or more, was " + warmUp);
        }
        Objects.requireNonNull(baseline, "Load baseline must not be null");
        if (baseline.isNegative()) {
            throw new IllegalArgumentException("Load baseline must be zero or more, was " + baseline);
        }
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("Load path must not be blank, was '" + path + "'");
        }
    }

    /** 50 requests/s, half writes, at most 15 minutes, 5 s warm-up, 10 s baseline, path {@code load}. */
    public static LoadSettings defaults() {
        return new LoadSettings(50, 0.5, Duration.ofMinutes(15), Duration.ofSeconds(5), Duration.ofSeconds(10), DEFAULT_PATH);
    }

    /** A copy with another rate (requests per second). */
    public LoadSettings rate(double requestsPerSecond) {
        return new LoadSettings(requestsPerSecond, writeShare, maxDuration, warmUp, baseline, path);
    }

    /** A copy with another share of writes. */
    public LoadSettings writeShare(double share) {
        return new LoadSettings(rate, share, maxDuration, warmUp, baseline, path);
    }

    /** A copy with another upper bound on the run. */
    public LoadSettings maxDuration(Duration max) {
        return new LoadSettings(rate, writeShare, max, warmUp, baseline, path);
    }

    /** A copy with another warm-up (not recorded). */
    public LoadSettings warmUp(Duration notRecorded) {
        return new LoadSettings(rate, writeShare, maxDuration, notRecorded, baseline, path);
    }

    /** A copy with another baseline (recorded before {@code start} returns). */
    public LoadSettings baseline(Duration recordedFirst) {
        return new LoadSettings(rate, writeShare, maxDuration, warmUp, recordedFirst, path);
    }

    /** A copy recording under another timeline path. */
    public LoadSettings path(String timelinePath) {
        return new LoadSettings(rate, writeShare, maxDuration, warmUp, baseline, timelinePath);
    }

    /** These settings with any {@code load.rate}, {@code load.writeShare}, {@code load.maxDuration}, {@code load.warmUp}, {@code load.baseline} system property applied. */
    public LoadSettings overriddenBy(UnaryOperator<String> properties) {
        String r = properties.apply("load.rate");
        String w = properties.apply("load.writeShare");
        String d = properties.apply("load.maxDuration");
        String u = properties.apply("load.warmUp");
        String b = properties.apply("load.baseline");
        try {
            return new LoadSettings(r == null || r.isBlank() ? rate : Double.parseDouble(r.trim()),
                    w == null || w.isBlank() ? writeShare : Double.parseDouble(w.trim()),
                    d == null || d.isBlank() ? maxDuration : Duration.parse(d.trim()),
                    u == null || u.isBlank() ? warmUp : Duration.parse(u.trim()),
                    b == null || b.isBlank() ? baseline : Duration.parse(b.trim()), path);
        } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("Load settings from system properties are not valid (load.rate='" + r
                    + "', load.writeShare='" + w + "', load.maxDuration='" + d + "', load.warmUp='" + u + "', load.baseline='" + b + "', ISO-8601 durations such as PT10M): "
                    + e.getMessage(), e);
        }
    }

    /** These settings with the JVM's system properties applied (see {@link #overriddenBy}). */
    public LoadSettings overriddenBySystemProperties() {
        return overriddenBy(System::getProperty);
    }
}
