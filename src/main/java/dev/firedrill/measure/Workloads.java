package dev.firedrill.measure;

import dev.firedrill.LedgerReport;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.Workload;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Entry class of the workloads a drill accounts for, operation by operation.
 *
 * <p>Example: {@code Drill.builder("D01", "API service down").workload(Workloads.ledgerWriter())}
 */
public final class Workloads {

    private Workloads() {
    }

    /** Steady writes through the reference service ({@code ledger:8080}), judged as data that must survive. */
    public static Workload ledgerWriter() {
        return serviceWriter("ledger", 8080, LedgerAnalysis.RestoreMode.NONE);
    }

    /** Steady writes through a service speaking the ledger contract, judged with {@code mode}. */
    public static Workload serviceWriter(String service, int port, LedgerAnalysis.RestoreMode mode) {
        return of("writes through " + service + ":" + port, mode,
                (system, timeline) -> Writers.service(system.endpoint(service, port).httpUri(), timeline.clock()));
    }

    /** A workload around any {@link SteadyWriter}, created when the drill starts. */
    public static Workload of(String name, LedgerAnalysis.RestoreMode mode,
            java.util.function.BiFunction<SystemUnderTest, Timeline, SteadyWriter> factory) {
        return new Workload() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Running start(SystemUnderTest system, Timeline timeline) {
                SteadyWriter writer = factory.apply(system, timeline);
                writer.start();
                return new RunningWriter(name, writer, mode);
            }
        };
    }

    private record RunningWriter(String name, SteadyWriter writer, LedgerAnalysis.RestoreMode mode) implements Workload.Running {

        @Override
        public void stop() {
            writer.stop();
        }

        @Override
        public LedgerReport report(Timeline timeline) {
            return LedgerAnalysis.fromTimeline(timeline, mode).analyse(writer.ledger(), writer.readBack());
        }

        @Override
        public Optional<Path> export(Path folder) {
            String file = "ledger-" + name.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("(^-|-$)", "") + ".jsonl";
            return Optional.of(writer.ledger().exportJsonLines(folder.resolve(file)));
        }

        @Override
        public void close() {
            writer.close();
        }
    }
}
