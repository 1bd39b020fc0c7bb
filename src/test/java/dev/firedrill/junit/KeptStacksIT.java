package dev.firedrill.junit;

import dev.firedrill.stack.LoopVolumes;
import dev.firedrill.stack.ProjectFiles;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import dev.firedrill.stack.Sweeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code --keep} and {@code ./drill down} on a real engine: a kept stack stays running after its last drill, says how
 * to reach each service, and {@code down} of its run removes exactly it.
 */
class KeptStacksIT {

    @TempDir
    Path project;

    @Test
    void aKeptStackStaysRunningUntilDownRemovesIt() throws Exception {
        Stack stack = Stack.start(StackDefinition.load(ProjectFiles.referenceCompose()).only("redis"));
        Sweeper sweeper = new Sweeper(DockerClientFactory.instance().client(), LoopVolumes.fromEnvironment());
        String previous = System.getProperty(KeptStacks.PROPERTY);
        try {
            System.setProperty(KeptStacks.PROPERTY, "true");
            KeptStacks.closeOrKeep(stack, project);

            Path said = project.resolve("reports").resolve(KeptStacks.FOLDER).resolve(stack.runId() + ".txt");
            assertThat(Files.readString(said)).contains("kept stack " + stack.runId())
                    .contains("redis:6379 -> 127.0.0.1:" + stack.endpoint("redis", 6379).port())
                    .contains("remove it with: ./drill down " + stack.runId());
            assertThat(sweeper.runsHere()).as("still running after its last drill").contains(stack.runId());
            assertThat(stack.processes().isRunning("redis")).isTrue();

            Sweeper.Swept removed = sweeper.removeRun(stack.runId());

            assertThat(removed.containers()).isNotEmpty().allMatch(name -> name.contains(stack.runId()));
            assertThat(sweeper.runsHere()).doesNotContain(stack.runId());
            assertThat(sweeper.removeRun(stack.runId()).isEmpty()).as("nothing left of it").isTrue();
            assertThatThrownBy(() -> sweeper.removeRun(" ")).hasMessageContaining("down names a run");
        } finally {
            if (previous == null) {
                System.clearProperty(KeptStacks.PROPERTY);
            } else {
                System.setProperty(KeptStacks.PROPERTY, previous);
            }
            stack.close();
        }
    }
}
