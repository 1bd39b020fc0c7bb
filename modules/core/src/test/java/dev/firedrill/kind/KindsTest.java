package dev.firedrill.kind;

import dev.firedrill.Fault;
import dev.firedrill.Injection;
import dev.firedrill.capability.FaultProxy;
import dev.firedrill.capability.ServiceProcesses;
import dev.firedrill.fault.FaultKinds;
import dev.firedrill.kind.KindDescriptor.Category;
import dev.firedrill.kind.KindDescriptor.Measure;
import dev.firedrill.measure.ObjectiveKinds;
import dev.firedrill.measure.ProbeKinds;
import dev.firedrill.recovery.PreparationKinds;
import dev.firedrill.recovery.ProcedureKinds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry of kinds: found through ServiceLoader, Firedrill's own first in their declared order, clashes and mistakes named. */
public class KindsTest {

    /** A user's provider, as a user's classpath would add it (public, with a public no-argument constructor, for ServiceLoader). */
    public static final class UserKinds implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.fault("user-fault", "a fault of the user's own").target()
                    .build(a -> new NamedFault("user-fault(" + a.target() + ")")));
        }
    }

    /** A provider that declares a fault Firedrill already has. */
    public static final class ClashingKinds implements KindProvider {
        @Override
        public List<KindDescriptor<?>> kinds() {
            return List.of(KindDescriptor.fault("kill", "another kill").target().build(a -> new NamedFault("kill")));
        }
    }

    private record NamedFault(String name) implements Fault {
        @Override
        public Injection inject(dev.firedrill.SystemUnderTest system) {
            return () -> { };
        }
    }

    @Test
    void firedrillsOwnKindsAreFoundOnTheClasspathInTheOrderTheirProvidersDeclareThem() {
        Kinds kinds = Kinds.onClasspath().builtIn();

        assertThat(kinds.providers().subList(0, 5)).as("the first tables come first, kinds added later in classes of their own after them")
                .containsExactlyInAnyOrder(FaultKinds.class, ObjectiveKinds.class, PreparationKinds.class, ProbeKinds.class, ProcedureKinds.class);
        assertThat(kinds.names(Category.FAULT)).hasSizeGreaterThanOrEqualTo(25).startsWith("latency", "bandwidth", "blackhole", "down", "reset-peer")
                .contains("proxy-down", "switch-release", "expire-certificate");
        assertThat(kinds.names(Category.PROCEDURE)).hasSizeGreaterThanOrEqualTo(24).startsWith("restart", "health-checks").contains("ready", "script");
        assertThat(kinds.names(Category.PREPARATION)).hasSizeGreaterThanOrEqualTo(8).startsWith("logical-backup");
        assertThat(kinds.names(Category.PROBE)).startsWith("write", "read", "get", "data", "cache-hit", "tls", "redis-key", "sql");
        assertThat(kinds.names(Category.OBJECTIVE)).hasSizeGreaterThanOrEqualTo(14).startsWith("rto", "ttr", "detection");
        assertThat(kinds.all()).allMatch(kinds::isBuiltIn);
    }

    @Test
    void aKindSaysWhatItRequiresAndAnObjectiveWhatItMeasures() {
        Kinds kinds = Kinds.onClasspath();

        assertThat(kinds.get(Category.FAULT, "latency").requires()).containsExactly(FaultProxy.class);
        assertThat(kinds.get(Category.PROCEDURE, "restart").requires()).containsExactly(ServiceProcesses.class);
        assertThat(kinds.get(Category.PROBE, "write").requires()).isEmpty();
        assertThat(kinds.get(Category.OBJECTIVE, "ttr").measures()).containsExactly(Measure.RTO);
        assertThat(kinds.get(Category.OBJECTIVE, "rpo-window").measures()).containsExactly(Measure.RPO);
        assertThat(kinds.get(Category.OBJECTIVE, "error-rate").measures()).isEmpty();
    }

    @Test
    void theSameNameInTwoCategoriesIsTwoKinds() {
        Kinds kinds = Kinds.onClasspath();

        assertThat(kinds.get(Category.FAULT, "latency").category()).isEqualTo(Category.FAULT);
        assertThat(kinds.get(Category.OBJECTIVE, "latency").category()).isEqualTo(Category.OBJECTIVE);
    }

    @Test
    void twoKindsOfOneCategoryAndNameAreRefusedNamingBothProviders() {
        assertThatThrownBy(() -> Kinds.of(List.of(new FaultKinds(), new ClashingKinds())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("two fault kinds are named 'kill': one from dev.firedrill.fault.FaultKinds, one from "
                        + ClashingKinds.class.getName() + "; a drill file names a kind by its name alone, so rename one of them");
    }

    @Test
    void firedrillsOwnKindsComeFirstWhateverOrderTheProvidersAreFoundIn() {
        Kinds kinds = Kinds.of(List.of(new UserKinds(), new FaultKinds()));

        assertThat(kinds.providers()).containsExactly(FaultKinds.class, UserKinds.class);
        assertThat(kinds.names(Category.FAULT)).startsWith("latency").endsWith("expire-certificate", "user-fault");
        KindDescriptor<?> user = kinds.get(Category.FAULT, "user-fault");
        assertThat(kinds.isBuiltIn(user)).isFalse();
        assertThat(kinds.providerOf(user)).isEqualTo(UserKinds.class);
        assertThat(kinds.builtIn().find(Category.FAULT, "user-fault")).isEmpty();
    }

    @Test
    void lookingUpAKindThatIsNotThereNamesTheValidOnes() {
        Kinds kinds = Kinds.of(List.of(new UserKinds()));

        assertThat(kinds.find(Category.FAULT, "kill")).isEmpty();
        assertThatThrownBy(() -> kinds.get(Category.FAULT, "kill")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no fault kind 'kill'; valid: user-fault");
        assertThat(kinds.names(Category.PROBE)).isEmpty();
    }

    @Test
    void providersListedInAClassLoadersServicesFileAreFoundAfterFiredrillsOwn(@TempDir Path classes) throws Exception {
        Path services = Files.createDirectories(classes.resolve("META-INF/services"));
        Files.writeString(services.resolve(KindProvider.class.getName()), "# a user's kinds\n" + UserKinds.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()}, getClass().getClassLoader())) {
            Kinds kinds = Kinds.load(loader);

            assertThat(kinds.providers()).startsWith(FaultKinds.class).contains(UserKinds.class);
            assertThat(kinds.providers().indexOf(UserKinds.class)).isGreaterThan(kinds.providers().indexOf(ObjectiveKinds.class));
            assertThat(kinds.names(Category.FAULT)).startsWith("latency").contains("user-fault");
        }
    }

    @Test
    void aServicesFileNamingAMissingClassIsAnErrorSayingWhatAProviderIs(@TempDir Path classes) throws Exception {
        Path services = Files.createDirectories(classes.resolve("META-INF/services"));
        Files.writeString(services.resolve(KindProvider.class.getName()), "com.example.NoSuchKinds\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[]{classes.toUri().toURL()}, getClass().getClassLoader())) {
            assertThatThrownBy(() -> Kinds.load(loader)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("could not load a kind provider listed in META-INF/services/dev.firedrill.kind.KindProvider")
                    .hasMessageContaining("com.example.NoSuchKinds")
                    .hasMessageContaining("a public class with a public no-argument constructor");
        }
    }

    @Test
    void theKindsOnTheClasspathAreLoadedOnce() {
        assertThat(Kinds.onClasspath()).isSameAs(Kinds.onClasspath());
    }

    @Test
    void aDescriptorRefusesMistakesNamingTheKind() {
        assertThatThrownBy(() -> KindDescriptor.fault("Bad Name", "s").build(a -> null))
                .hasMessageContaining("lower-case letters, digits and hyphens; got 'Bad Name'");
        assertThatThrownBy(() -> KindDescriptor.fault("f", "s").param(Param.required("kind", Param.Type.TEXT, "d")).build(a -> null))
                .hasMessage("fault 'f' cannot declare a parameter 'kind': the drill file uses that field itself (kind, after, disruption)");
        assertThatThrownBy(() -> KindDescriptor.procedure("p", "s").target().target().build(a -> null))
                .hasMessage("procedure 'p' declares parameter 'target' twice");
        assertThatThrownBy(() -> KindDescriptor.fault("f", "s").measures(Measure.RTO).build(a -> null))
                .hasMessage("fault 'f': only an objective measures RTO or RPO");
        assertThatThrownBy(() -> KindDescriptor.fault("f", " ").build(a -> null)).hasMessage("fault 'f' needs a one-line summary");
    }

    @Test
    void aFactoryThatBuildsTheWrongTypeIsNamed() {
        @SuppressWarnings({"unchecked", "rawtypes"})
        KindDescriptor<Fault> wrong = (KindDescriptor) KindDescriptor.objective("o", "s").build(a -> null);
        assertThatThrownBy(() -> wrong.build(new Args(Map.of()))).isInstanceOf(IllegalStateException.class)
                .hasMessage("objective 'o' built null; objective kinds build Objective values");
    }

    @Test
    void aParameterRefusesADefaultOfAnotherTypeAndARequiredFieldWithADefault() {
        assertThatThrownBy(() -> Param.optional("grace", Param.Type.DURATION, 10, "d"))
                .hasMessage("parameter 'grace' is a duration (a number with a unit: ms, s, m or h (e.g. 800ms, 10s, 2m, 1m30s) or ISO-8601"
                        + " (PT10S)); its default 10 (Integer) is not of the type it is read as, Duration");
        assertThatThrownBy(() -> new Param("count", Param.Type.INTEGER, true, 3, null, "d")).hasMessageContaining("is required, so it has no default");
        assertThatThrownBy(() -> Param.choice("phase", false, "later", List.of("before", "during"), "d"))
                .hasMessage("parameter 'phase': its default 'later' is not one of [before, during]");
        assertThat(Param.required("rate", Param.Type.INTEGER, "d").unit("KB/s").unit()).isEqualTo("KB/s");
    }

    @Test
    void argsReadTypedValuesAndNameAParameterTheKindDoesNotDeclare() {
        Map<String, Object> values = new HashMap<>();
        values.put("target", "ledger");
        values.put("grace", Duration.ofSeconds(3));
        values.put("count", 4);
        values.put("holding", null);
        Args a = new Args(values);

        assertThat(a.target()).isEqualTo("ledger");
        assertThat(a.duration("grace")).hasSeconds(3);
        assertThat(a.integer("count")).isEqualTo(4);
        assertThat(a.has("holding")).isFalse();
        assertThatThrownBy(() -> a.text("tagret")).hasMessage("no parameter 'tagret' in this entry; its parameters are [holding, grace, count, target]"
                .replace("[holding, grace, count, target]", a.values().keySet().toString()));
        assertThatThrownBy(() -> a.text("count")).hasMessage("parameter 'count' holds 4 (Integer), not read as String: use the getter of its type");
    }
}
