package dev.firedrill.launcher;

import dev.firedrill.stack.ProjectFiles;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher script, run for real: what it says when it cannot set things up. */
class LauncherTest {

    @Test
    void withoutDockerAndWithoutRootItNamesWhatToInstall() throws Exception {
        Result result = launch(List.of("test"));

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.output).contains("no Docker engine answers").contains("Install Docker")
                .contains("apt-get install docker.io");
    }

    @Test
    void aMalformedSuiteIsRefusedNamingTheCatalogueBeforeAnythingStarts() throws Exception {
        Result result = launch(List.of("run", "Nightly_1"));

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.output).contains("'Nightly_1' is not a suite: a suite is a tag of lower-case letters, digits and hyphens")
                .contains("the catalogue's are smoke regression quarterly load").doesNotContain("Docker");
        assertThat(launch(List.of("run", "open-suites")).output).contains("'open-suites' is not a suite");
    }

    @Test
    void aSuiteOfYourOwnGoesOnToTheRunLikeACatalogueSuite() throws Exception {
        Result result = launch(List.of("run", "payments-nightly"));

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.output).doesNotContain("is not a suite").contains("no Docker engine answers");
    }

    @Test
    void aMalformedShardIsRefusedNamingWhatIsValidBeforeAnythingStarts() throws Exception {
        Result beyond = launch(List.of("run", "regression", "--shard", "5/4"));
        assertThat(beyond.exitCode).isEqualTo(2);
        assertThat(beyond.output).contains("'5/4' is not a shard: K must be from 1 to 4 (1/4 ... 4/4)").doesNotContain("Docker");
        assertThat(launch(List.of("run", "regression", "--shard", "0/2")).output).contains("'0/2' is not a shard: K must be from 1 to 2");
        assertThat(launch(List.of("run", "regression", "--shard", "x")).output)
                .contains("'x' is not a shard: write K/N, the K-th of N shards (1 <= K <= N), e.g. --shard 2/4");
        assertThat(launch(List.of("run", "regression", "-Ddrill.shard=3/2")).output).contains("'3/2' is not a shard");
        assertThat(launch(List.of("run", "drills/D01-api-service-down.yml", "--shard", "1/2")).output)
                .contains("--shard cuts a suite into parts");
        Result good = launch(List.of("run", "regression", "--shard", "2/4"));
        assertThat(good.output).doesNotContain("is not a shard").contains("no Docker engine answers");
    }

    @Test
    void helpShowsTheTwoCommands() throws Exception {
        Result result = launch(List.of("help"));

        assertThat(result.exitCode).isZero();
        assertThat(result.output).contains("./drill run [suite]").contains("./drill test");
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs ./drill as an unprivileged user whose PATH has java and mvn but no docker client. */
    private static Result launch(List<String> args) throws Exception {
        // A copy in a world-readable folder: the project may sit where the unprivileged user cannot read.
        Path copyDir = Files.createTempDirectory("drill-launcher");
        Path launcher = Files.copy(ProjectFiles.root().resolve("drill"), copyDir.resolve("drill"));
        for (Path p : List.of(copyDir, launcher)) {
            p.toFile().setReadable(true, false);
            p.toFile().setExecutable(true, false);
        }
        List<String> command = new ArrayList<>();
        boolean root = "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).trim());
        if (root) {
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        command.add("bash");
        command.add(launcher.toString());
        command.addAll(args);
        Path noDocker = Files.createTempDirectory("no-docker");
        for (String tool : List.of("java", "mvn")) {
            Path real = Path.of(which(tool));
            Files.createSymbolicLink(noDocker.resolve(tool), real);
        }
        noDocker.toFile().setReadable(true, false);
        noDocker.toFile().setExecutable(true, false);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(Path.of("/").toFile());
        builder.environment().put("PATH", noDocker + ":/bin");
        builder.environment().put("HOME", noDocker.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("./drill " + args + " did not finish within 60 s:\n" + output);
        }
        return new Result(process.exitValue(), output);
    }

    private static String which(String tool) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "command -v " + tool).start();
        String path = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor();
        return Path.of(path).toRealPath().toString();
    }
}
