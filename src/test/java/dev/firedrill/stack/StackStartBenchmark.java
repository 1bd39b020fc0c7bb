package dev.firedrill.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark (not a test): how long the reference stack (proxy, PostgreSQL, Redis, the service) takes
 * to start and to be removed, with the images present. The first round also builds the app images
 * when the code changed since the last build.
 *
 * <p>With {@code --with FILE} (repeatable), each round starts the plain stack and then the stack with those
 * overlays added (e.g. {@code docker-compose.monitoring.yml}), one after the other, so both figures come
 * from the same spell of the machine and are reported side by side.
 *
 * <p>Run: {@code ./drill bench stack [rounds] [--with FILE]...} (or {@code mvn -q test-compile exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=dev.firedrill.stack.StackStartBenchmark -Dexec.args=5}).
 */
public final class StackStartBenchmark {

    private StackStartBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = 5;
        List<Path> overlays = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--with") && i + 1 < args.length) {
                overlays.add(ProjectFiles.root().resolve(args[++i]));
            } else if (args[i].matches("\\d+")) {
                rounds = Integer.parseInt(args[i]);
            } else {
                throw new IllegalArgumentException("'" + args[i] + "' is not valid: use [rounds] [--with COMPOSE_FILE]...,"
                        + " e.g. 5 --with docker-compose.monitoring.yml");
            }
        }
        // Per-service readiness times (the stack's launcher logs them at FINE; the package's logger covers it).
        java.util.logging.Logger stackLog = java.util.logging.Logger.getLogger(Stack.class.getPackageName());
        java.util.logging.ConsoleHandler handler = new java.util.logging.ConsoleHandler();
        handler.setLevel(java.util.logging.Level.FINE);
        stackLog.setLevel(java.util.logging.Level.FINE);
        stackLog.addHandler(handler);

        List<Path> plainFiles = List.of(ProjectFiles.referenceCompose());
        List<Path> withFiles = new ArrayList<>(plainFiles);
        withFiles.addAll(overlays);
        Variant plain = new Variant("reference stack", StackDefinition.load(plainFiles));
        Variant with = overlays.isEmpty() ? null : new Variant("with " + overlays.stream().map(p -> p.getFileName().toString()).toList(),
                StackDefinition.load(withFiles));
        for (int round = 1; round <= rounds; round++) {
            plain.round(round);
            if (with != null) {
                with.round(round);
            }
        }
        plain.summary();
        if (with != null) {
            with.summary();
            System.out.printf("the overlays add %.1f s to the median start%n", (with.median() - plain.median()) / 1000.0);
        }
    }

    /** One stack to start, and its start times. */
    private static final class Variant {
        private final String name;
        private final StackDefinition definition;
        private final List<Duration> starts = new ArrayList<>();

        Variant(String name, StackDefinition definition) {
            this.name = name;
            this.definition = definition;
        }

        void round(int round) {
            long begin = System.nanoTime();
            Stack stack = Stack.start(definition);
            Duration start = Duration.ofNanos(System.nanoTime() - begin);
            begin = System.nanoTime();
            stack.close();
            Duration close = Duration.ofNanos(System.nanoTime() - begin);
            starts.add(start);
            System.out.printf("round %d, %s: stack up (every service healthy, proxies wired) in %.1f s, removed in %.1f s%n",
                    round, name, start.toMillis() / 1000.0, close.toMillis() / 1000.0);
        }

        /** The first round left out (it may build images), unless it is the only one. */
        private List<Duration> warm() {
            return starts.subList(Math.min(1, starts.size() - 1), starts.size()).stream().sorted().toList();
        }

        long median() {
            List<Duration> warm = warm();
            return warm.get(warm.size() / 2).toMillis();
        }

        void summary() {
            List<Duration> warm = warm();
            System.out.printf("%s: median start without the first round: %.1f s (min %.1f s, max %.1f s)%n", name,
                    median() / 1000.0, warm.get(0).toMillis() / 1000.0, warm.get(warm.size() - 1).toMillis() / 1000.0);
        }
    }
}
