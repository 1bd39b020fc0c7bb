package dev.firedrill.measure;

import dev.firedrill.Observation;
import dev.firedrill.Probe;
import dev.firedrill.ProbePath;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.selector.LeaderCheck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How many of {@code candidates} lead, asked of each every 500 ms with a {@link LeaderCheck} (the check {@code leader-of}
 * uses): an observation succeeds when at most {@code atMost} lead. With the {@code invariant} objective it is the
 * split-brain check of every HA runbook, "at most one primary at any instant", judged with the instants it broke.
 *
 * <p>Example: {@code .probe(new LeaderCountProbe("primaries", List.of("pg1", "pg2", "pg3"), LeaderCheck.http("/primary", 8008, 200), 1))}
 *
 * @param path the path it records under
 */
public record LeaderCountProbe(String path, List<String> candidates, LeaderCheck by, int atMost)
        implements Function<SystemUnderTest, Probe>, ProbePath {

    private static final Duration INTERVAL = Duration.ofMillis(500);

    public LeaderCountProbe {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("the leaders probe records under a path: give it a name, e.g. primaries");
        }
        if (candidates == null || candidates.isEmpty()) {
            throw new IllegalArgumentException("the leaders probe '" + path + "' names the candidates it asks, e.g. [pg1, pg2, pg3]");
        }
        candidates = List.copyOf(candidates);
        java.util.Objects.requireNonNull(by, "how each candidate is asked whether it leads");
        if (atMost < 0) {
            throw new IllegalArgumentException("the leaders probe '" + path + "': at-most is 0 or more, got " + atMost);
        }
    }

    @Override
    public Probe apply(SystemUnderTest system) {
        candidates.forEach(c -> system.requireService(c, "the leaders probe '" + path + "'"));
        return new Probe() {
            @Override
            public String path() {
                return path;
            }

            @Override
            public Probe.Running start(Timeline timeline) {
                Duration bound = LeaderCheck.BOUND.multipliedBy(candidates.size());
                return ScheduledProbeRun.start(path, INTERVAL, bound, timeline, n -> observe(system, timeline));
            }
        };
    }

    private Observation observe(SystemUnderTest system, Timeline timeline) {
        TimePoint start = timeline.clock().now();
        List<String> leaders = new ArrayList<>();
        for (String candidate : candidates) {
            if (by.ask(system, candidate).leads()) {
                leaders.add(candidate);
            }
        }
        String detail = leaders.size() + (leaders.size() == 1 ? " leads" : " lead") + (leaders.isEmpty() ? "" : ": " + String.join(", ", leaders));
        return new Observation(path, start, timeline.clock().now().since(start), leaders.size() <= atMost, detail);
    }
}
