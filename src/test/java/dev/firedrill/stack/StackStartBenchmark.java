package dev.firedrill.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark (not a test): how long the reference stack (proxy, PostgreSQL, Redis, the service) takes
 * to start and to be removed, with the images present. The first round also builds the app images
 * when the code changed since the last build.
 *
 * <p>Run: {@code ./drill bench-stack} (or {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.firedrill.stack.StackStartBenchmark -Dexec.args=5}).
 */
public final class StackStartBenchmark {

    private StackStartBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        // Per-service readiness times (the stack logs them at FINE).
        java.util.logging.Logger stackLog = java.util.logging.Logger.getLogger(Stack.class.getName());
        java.util.logging.ConsoleHandler handler = new java.util.logging.ConsoleHandler();
        handler.setLevel(java.util.logging.Level.FINE);
        stackLog.setLevel(java.util.logging.Level.FINE);
        stackLog.addHandler(handler);
        StackDefinition definition = StackDefinition.load(ProjectFiles.referenceCompose());
        List<Duration> starts = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            long begin = System.nanoTime();
            Stack stack = Stack.start(definition);
            Duration start = Duration.ofNanos(System.nanoTime() - begin);
            begin = System.nanoTime();
            stack.close();
            Duration close = Duration.ofNanos(System.nanoTime() - begin);
            starts.add(start);
            System.out.printf("round %d: stack up (every service healthy, proxies wired) in %.1f s, removed in %.1f s%n",
                    round, start.toMillis() / 1000.0, close.toMillis() / 1000.0);
        }
        List<Duration> warm = starts.subList(Math.min(1, starts.size() - 1), starts.size()).stream().sorted().toList();
        System.out.printf("median start without the first round: %.1f s (min %.1f s, max %.1f s)%n",
                warm.get(warm.size() / 2).toMillis() / 1000.0, warm.get(0).toMillis() / 1000.0,
                warm.get(warm.size() - 1).toMillis() / 1000.0);
    }
}
