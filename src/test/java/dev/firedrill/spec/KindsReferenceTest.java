package dev.firedrill.spec;

import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindDescriptor.Category;
import dev.firedrill.kind.KindProvider;
import dev.firedrill.kind.Kinds;
import dev.firedrill.kind.Param;
import dev.firedrill.measure.ObjectiveKinds;
import dev.firedrill.measure.Slos;
import dev.firedrill.recovery.ProcedureKinds;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/kinds.md is the reference the descriptors generate, and ./drill list --kinds shows every kind, a user's too. */
class KindsReferenceTest {

    private static final Path REFERENCE = Path.of("docs/kinds.md");

    /** A user's objective kind, to be listed beside Firedrill's. */
    public static final class UserKinds implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.objective("payments-settled", "every payment settled within a bound")
                    .param(Param.required("within", Param.Type.DURATION, "the bound"))
                    .build(a -> Slos.rto("payments", a.duration("within"))));
        }
    }

    @Test
    void theCommittedKindsReferenceIsTheOneTheDescriptorsGenerate() throws IOException {
        assertThat(Files.readString(REFERENCE)).as(REFERENCE + " is not what Firedrill's kind descriptors generate; write it again with: "
                + KindsReference.REGENERATE).isEqualTo(KindsReference.markdown(Kinds.onClasspath().builtIn()));
    }

    @Test
    void theReferenceHasATablePerCategoryWithEveryKindItsFieldsAndWhatItRequires() {
        String md = KindsReference.markdown(Kinds.onClasspath().builtIn());

        assertThat(md).contains("## Faults (`faults: - kind:`)", "## Recovery procedures (`recovery: - procedure:`)",
                "## Preparations (`preparations: - kind:`)", "## Probes (`steady-state.probes: - probe:`)",
                "## Objectives (`objectives: - objective:`)");
        assertThat(md).contains("| `latency` | latency on the path to the service, through the fault proxy | `target` text, required: "
                + "the service (compose name) it acts on<br>`latency` duration, required: added delay<br>`jitter` duration, default 0s: "
                + "± variation<br>`direction` downstream \\| upstream \\| both, default downstream: which stream | FaultProxy |");
        assertThat(md).contains("| `revert-faults` | undo the injected faults (the fix of a cut path) | none | none |");
        assertThat(md).contains("| `rto` |").contains("| RTO |");
    }

    @Test
    void theListingShowsEveryKindByCategoryWithItsFieldsCapabilitiesAndWhereAUsersComesFrom() {
        Kinds kinds = Kinds.of(List.of(new ProcedureKinds(), new ObjectiveKinds(), new UserKinds()));

        String text = KindsReference.text(kinds);

        assertThat(text).contains("Recovery procedures (recovery: - procedure: NAME): 25")
                .containsPattern("  restart +start the service's container again and wait until ready\n"
                        + " +target +text, required: the service \\(compose name\\) it acts on\n +\\(requires\\) +ServiceProcesses\n")
                .containsPattern("  script +run a runbook script .*\n +run +text, required: the script's path\n"
                        + " +args +texts, default \\[\\]: its arguments\n +timeout +duration, default 5m: bound on its run\n +\\(requires\\) +none\n")
                .containsPattern("  payments-settled +every payment settled within a bound\n +within +duration, required: the bound\n"
                        + " +\\(requires\\) +none\n +\\(from\\) +" + UserKinds.class.getName().replace("$", "\\$") + "\n")
                .containsPattern("  rto .*\n.*\n.*\n +\\(requires\\) +none\n +\\(measures\\) +RTO\n");
        assertThat(text).doesNotContain("(from)    dev.firedrill");
        assertThat(KindsReference.typeAndDefault(Param.optional("holding", Param.Type.TEXT, null, "d"))).isEqualTo("text, optional");
        assertThat(KindsReference.typeAndDefault(Param.optional("grace", Param.Type.DURATION, Duration.ofSeconds(10), "d")))
                .isEqualTo("duration, default 10s");
    }

    @Test
    void drillListKindsPrintsTheKindsOfTheClasspath() {
        String out = run("list", "--kinds");

        assertThat(out).contains("Faults (faults: - kind: NAME)").contains("  kill ").contains("Objectives (objectives: - objective: NAME)");
        assertThat(run("list", "--kinds", "--markdown", "--built-in")).isEqualTo(KindsReference.markdown(Kinds.onClasspath().builtIn()));
        assertThat(Kinds.onClasspath().in(Category.FAULT).size()).isGreaterThanOrEqualTo(25);
    }

    /** The command's standard output. */
    static String run(String... args) {
        PrintStream before = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            DrillFileCommands.main(args);
        } finally {
            System.setOut(before);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
