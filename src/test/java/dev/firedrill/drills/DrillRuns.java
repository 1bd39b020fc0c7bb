package dev.firedrill.drills;

import dev.firedrill.stack.Stack;


/** Shared setup of the catalogue drills' classes. */
final class DrillRuns {

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

    /** The release changes a drill noted, in order, as {@code <subject>: <before> -> <after> by <step>}. */
    static java.util.List<String> releases(dev.firedrill.DrillResult result) {
        return result.measurements().timeline().events().stream().filter(e -> dev.firedrill.ReleaseChange.NOTE.equals(e.kind()))
                .map(dev.firedrill.TimelineEvent::detail).toList();
    }
}
