package dev.firedrill.spec;

import dev.firedrill.Drill;
import dev.firedrill.SafetyRails;
import dev.firedrill.kind.KindDescriptor;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A drill file read: the {@link Drill} value (the same one the Java DSL builds) and the stack it runs on.
 *
 * <p>Example: {@code DrillFile d01 = DrillFiles.read(Path.of("drills/D01-api-service-down.yml"));}
 *
 * @param source      the file
 * @param drill       the drill
 * @param stack       the stack: compose file or files (relative to the project directory), the services kept, environment overrides
 * @param disruption  the kind of disruption, for the DR policy (null when not given)
 * @param objectiveKinds the kinds of the objectives the file sets itself (rto, ttr, rpo-window, ...)
 * @param safety      the file's own safety rails ({@code safety:} allow-list and guards; the run adds the global stop)
 * @param kinds       the kinds the file names (probes, preparations, faults, procedures, objectives), each once, in the
 *                    order it first names them: what the plan says the drill requires
 */
public record DrillFile(Path source, Drill drill, Stack stack, String disruption, List<String> objectiveKinds, SafetyRails safety,
        List<KindDescriptor<?>> kinds) {

    public DrillFile {
        objectiveKinds = List.copyOf(objectiveKinds);
        safety = safety == null ? SafetyRails.none() : safety;
        kinds = List.copyOf(new LinkedHashSet<>(kinds));
    }

    /** A file whose kinds are not known. */
    public DrillFile(Path source, Drill drill, Stack stack, String disruption, List<String> objectiveKinds, SafetyRails safety) {
        this(source, drill, stack, disruption, objectiveKinds, safety, List.of());
    }

    /** A file without safety rails of its own. */
    public DrillFile(Path source, Drill drill, Stack stack, String disruption, List<String> objectiveKinds) {
        this(source, drill, stack, disruption, objectiveKinds, SafetyRails.none());
    }

    /**
     * The stack a drill file names: {@code compose}, its Compose file or files (relative to the project directory; later
     * files add services, e.g. the monitoring overlay); {@code setup}: procedures run on it before each of the file's
     * drills, before the probes start, and not part of the drill's steps (what a Java drill does in {@code @BeforeEach}).
     */
    public record Stack(List<String> compose, List<String> services, Map<String, Map<String, String>> environment, boolean fresh,
            List<dev.firedrill.Recovery> setup) {
        public Stack {
            compose = List.copyOf(compose);
            services = List.copyOf(services);
            environment = Map.copyOf(environment);
            setup = List.copyOf(setup);
        }

        /** A stack without setup steps. */
        public Stack(List<String> compose, List<String> services, Map<String, Map<String, String>> environment, boolean fresh) {
            this(compose, services, environment, fresh, List.of());
        }

        /** The Compose file or files, for messages: {@code a.yml}, or {@code a.yml + b.yml}. */
        public String composeNames() {
            return String.join(" + ", compose);
        }
    }
}
