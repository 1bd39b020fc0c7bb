package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillResult;
import dev.firedrill.DrillRunner;
import dev.firedrill.HarnessClock;
import dev.firedrill.fault.Faults;
import dev.firedrill.measure.DrillAnalysis;
import dev.firedrill.stack.Stack;

import java.util.logging.Logger;

/** Runs catalogue drills in plain JUnit ITs until the drill extension lands: proxy reset first, result logged. */
final class DrillRuns {

    private static final Logger LOG = Logger.getLogger(DrillRuns.class.getName());

    private DrillRuns() {
    }

    /** Waits until the service answers writes quickly (a cold JVM's first requests can take seconds). */
    static void warmUp(Stack stack) {
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        java.net.URI entries = stack.endpoint("ledger", 8080).httpUri().resolve("/entries");
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger fast = new java.util.concurrent.atomic.AtomicInteger();
        org.awaitility.Awaitility.await("ledger answers writes quickly").atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                    var r = client.send(java.net.http.HttpRequest.newBuilder(entries).timeout(java.time.Duration.ofSeconds(1))
                            .header("Content-Type", "application/json")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"id\":\"warm-up-" + java.util.UUID.randomUUID()
                                    + "\",\"account\":\"warm-up\",\"amount\":" + n.incrementAndGet() + "}")).build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding());
                    return r.statusCode() == 201 ? fast.incrementAndGet() >= 20 : fast.getAndSet(0) < 0;
                });
    }

    static DrillResult run(Drill drill, Stack stack) {
        if (stack.definition().proxy().isPresent()) {
            Faults.resetProxy(stack);   // the proxy is reset between drills
        }
        DrillResult result = new DrillRunner(HarnessClock.system(), DrillAnalysis::analyse, (r, recording) -> { }).execute(drill, stack);
        StringBuilder summary = new StringBuilder("Drill " + drill.id() + ": " + result.verdict() + (result.reason() == null ? "" : " — " + result.reason()));
        result.measurements().recoveryByPath().forEach((path, m) -> summary.append("\n  ").append(path)
                .append(": detection=").append(m.detection()).append(" rto=").append(m.rto()).append(" ttr=").append(m.ttr()));
        result.objectives().forEach(o -> summary.append("\n  ").append(o.passed() ? "ok   " : "MISS ").append(o.message()));
        result.steps().forEach(s -> summary.append("\n  step ").append(s.name()).append(": ").append(s.outcome()).append(" ").append(s.output()));
        LOG.info(summary.toString());
        System.out.println(summary);
        return result;
    }
}
