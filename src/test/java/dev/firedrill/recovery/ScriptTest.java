package dev.firedrill.recovery;

import dev.firedrill.Endpoint;
import dev.firedrill.HarnessClock;
import dev.firedrill.StepFailure;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Runbook scripts on the host, as real {@code sh} processes: the stack's variables, the output, a non-zero
 * exit, the bound (the script and its children killed), secrets masked, misuse. The system under test is a
 * fake behind the narrow {@link SystemUnderTest} seam (services, endpoints, settings).
 */
class ScriptTest {

    @TempDir
    Path folder;

    private final SystemUnderTest system = new SystemUnderTest() {
        @Override
        public Set<String> services() {
            return new LinkedHashSet<>(List.of("postgres", "redis", "ledger"));
        }

        @Override
        public Endpoint endpoint(String service, int port) {
            return switch (service + ":" + port) {
                case "postgres:5432" -> new Endpoint("localhost", 41001);
                case "redis:6379" -> new Endpoint("127.0.0.1", 41002);
                case "ledger:8080" -> new Endpoint("127.0.0.1", 41003);
                default -> throw new IllegalArgumentException("no port " + port + " on " + service);
            };
        }

        @Override
        public Map<String, String> environment(String service) {
            return service.equals("postgres")
                    ? Map.of("POSTGRES_USER", "ledger", "POSTGRES_PASSWORD", "hunter2-secret", "POSTGRES_DB", "ledger")
                    : Map.of();
        }
    };

    @Test
    void runsOnTheHostWithTheStackDescribedInVariablesAndReturnsItsOutput() throws IOException {
        Path script = write("env.sh", "echo \"db $PGHOST:$PGPORT as $PGUSER on $PGDATABASE\"",
                "echo \"cache $REDIS_HOST:$REDIS_PORT ledger $LEDGER_URL\"",
                "echo \"services $FIREDRILL_SERVICES where $FIREDRILL_WHERE arg $1 extra $BACKUP_FILE\"",
                "echo \"the password is $PGPASSWORD\" >&2");

        String output = Recoveries.script(script.toString()).withArgs("first").withEnv("BACKUP_FILE", "x.sql.gz").run(system);

        assertThat(output).contains("db 127.0.0.1:41001 as ledger on ledger")
                .contains("cache 127.0.0.1:41002 ledger http://127.0.0.1:41003")
                .contains("services postgres redis ledger where host arg first extra x.sql.gz")
                .contains("the password is ****")
                .contains("PGPASSWORD=****")
                .doesNotContain("hunter2-secret")
                .contains("[exit 0 after ");
    }

    @Test
    void aNonZeroExitFailsWithTheTailOfTheOutputAndKeepsAllOfIt() throws IOException {
        Path script = write("fails.sh", "i=1; while [ $i -le 30 ]; do echo \"line $i\"; i=$((i + 1)); done",
                "echo \"cannot open /backups/missing.sql.gz\" >&2", "exit 3");

        StepFailure failure = catchThrowableOfType(StepFailure.class, () -> Recoveries.script(script.toString()).run(system));

        assertThat(failure.getMessage()).contains("script(" + script + " on the host) exited 3 after ")
                .contains("line 30\ncannot open /backups/missing.sql.gz")
                .contains("line 12").doesNotContain("line 11\n");
        assertThat(failure.output()).contains("line 1\n").contains("line 11\n").endsWith("[exit 3 after " + failure.getMessage()
                .replaceAll("(?s).*exited 3 after (\\S+ s).*", "$1") + "]");
    }

    @Test
    void aScriptStillRunningAtItsBoundIsKilledWithItsChildrenAndTheStepSaysSo() throws IOException {
        Path pidFile = folder.resolve("child.pid");
        Path script = write("hangs.sh", "sleep 60 &", "echo $! > " + pidFile, "echo started", "wait");

        long start = System.nanoTime();
        StepFailure failure = catchThrowableOfType(StepFailure.class,
                () -> Recoveries.script(script.toString()).within(Duration.ofSeconds(1)).run(system));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(failure.getMessage()).contains("was still running at its bound of PT1S and was killed").contains("started");
        assertThat(failure.output()).contains("[killed at the bound of PT1S]");
        assertThat(took).as("killed at the bound, not after the child's 60 s").isLessThan(Duration.ofSeconds(30));
        long child = Long.parseLong(Files.readString(pidFile).strip());
        org.awaitility.Awaitility.await("the child sleep gone").atMost(Duration.ofSeconds(10))
                .until(() -> !ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void asAPreparationItNotesItsRunOnTheTimeline() throws IOException {
        Path script = write("ok.sh", "echo backed up");
        Timeline timeline = new Timeline(HarnessClock.system());

        String output = Recoveries.script(script.toString()).run(system, timeline);

        assertThat(output).contains("backed up");
        assertThat(timeline.events()).anySatisfy(e -> assertThat(e.detail()).contains("ok.sh on the host) exited 0"));
    }

    @Test
    void aMissingScriptIsAnErrorNamingThePath() {
        assertThatThrownBy(() -> Recoveries.script("drills/scripts/no-such-script.sh").run(system))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no script at 'drills/scripts/no-such-script.sh'")
                .hasMessageContaining("scripts under drills/scripts:");
    }

    @Test
    void misuseNamesTheFieldAndWhatIsValid() {
        assertThatThrownBy(() -> Recoveries.script(" ")).hasMessageContaining("the path of the script must be given");
        assertThatThrownBy(() -> Recoveries.script("a.sh").within(Duration.ZERO)).hasMessageContaining("the bound must be a positive duration");
        assertThatThrownBy(() -> Recoveries.script("a.sh").asUser("postgres")).hasMessageContaining("call in(service) first");
        assertThatThrownBy(() -> Recoveries.script("a.sh").withEnv("1BAD", "x")).hasMessageContaining("[A-Za-z_][A-Za-z0-9_]*");
        assertThatThrownBy(() -> Recoveries.script("a.sh").in("postgres").run(system))
                .hasMessageContaining("needs the capability ServiceCommands");
        assertThat(Recoveries.script("drills/scripts/dr-drill.sh").in("postgres").withArgs("x").name())
                .isEqualTo("script(drills/scripts/dr-drill.sh x in postgres)");
    }

    private Path write(String name, String... lines) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }
}
