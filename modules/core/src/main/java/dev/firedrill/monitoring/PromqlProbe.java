package dev.firedrill.monitoring;

import dev.firedrill.Observation;
import dev.firedrill.Probe;
import dev.firedrill.ProbePath;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.TimePoint;
import dev.firedrill.Timeline;
import dev.firedrill.measure.ScheduledProbeRun;

import java.time.Duration;
import java.util.function.Function;

/**
 * Probe kind {@code promql}: a PromQL expression that must hold, asked of Prometheus every {@code every} and recorded as
 * a path, so a path's RTO can be measured as the system's own monitoring sees it, beside the harness's probes. It holds
 * when the result has a sample (write the condition as a filtering comparison: {@code up{job="ledger"} == 1},
 * {@code sum(rate(ledger_http_requests_total{status=~"5.."}[30s])) / sum(rate(ledger_http_requests_total[30s])) < 0.01}),
 * or, for a scalar, when it is not 0. Each observation's detail is what Prometheus returned.
 *
 * <p>Example: {@code .probe(new PromqlProbe("api-up", "up{job=\"ledger\"} == 1", "prometheus", 9090, Duration.ofMillis(500)))}
 */
public record PromqlProbe(String path, String expression, String prometheus, int port, Duration every)
        implements Function<SystemUnderTest, Probe>, ProbePath {

    public PromqlProbe {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("the promql probe records under a path: give it a name, e.g. api-up");
        }
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("the promql probe '" + path + "' needs the expression that must hold, e.g. up{job=\"ledger\"} == 1");
        }
        if (every == null || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("the promql probe '" + path + "' asks every so often: 'every' is a duration above 0");
        }
    }

    /** {@code promql api-up: up{job="ledger"} == 1 (prometheus:9090)}, for plans and reports. */
    @Override
    public String toString() {
        return "promql " + path + ": " + expression + " (" + prometheus + ":" + port + ")";
    }

    @Override
    public Probe apply(SystemUnderTest system) {
        system.requireService(prometheus, "the promql probe '" + path + "'");
        PrometheusApi api = new PrometheusApi(system.directEndpoint(prometheus, port).httpUri(), AlertWatch.TIMEOUT);
        return new Probe() {
            @Override
            public String path() {
                return path;
            }

            @Override
            public Probe.Running start(Timeline timeline) {
                return ScheduledProbeRun.start(path, every, AlertWatch.TIMEOUT, timeline, n -> observe(api, timeline));
            }
        };
    }

    private Observation observe(PrometheusApi api, Timeline timeline) {
        TimePoint start = timeline.clock().now();
        boolean holds;
        String detail;
        try {
            PrometheusApi.QueryResult result = api.query(expression);
            holds = result.holds();
            detail = result.describe();
        } catch (MonitoringException e) {
            holds = false;
            detail = e.getMessage();
        }
        return new Observation(path, start, timeline.clock().now().since(start), holds, detail);
    }
}
