package dev.firedrill.stack;

import dev.firedrill.Owner;
import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Leftovers of dead runs are swept; resources of live runs and other hosts are never touched. */
@Timeout(120)
class SweeperIT {

    private final DockerClient docker = DockerClientFactory.instance().client();

    @Test
    void killedJvmLeavesAStackThatTheNextRunSweeps() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(javaBin));
        String apiVersion = System.getProperty("api.version");
        if (apiVersion != null) {
            command.add("-Dapi.version=" + apiVersion);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), StackHolder.class.getName(),
                ProjectFiles.referenceCompose().toString()));
        Process holder = new ProcessBuilder(command).redirectErrorStream(true).start();
        String runId;
        try {
            runId = awaitRunId(holder);
            assertThat(containersOfRun(runId)).hasSize(2);   // redis and the proxy in front of it
        } finally {
            holder.destroyForcibly().waitFor(20, TimeUnit.SECONDS);   // SIGKILL: no cleanup runs
        }
        assertThat(containersOfRun(runId)).as("left behind by the killed JVM").hasSize(2);

        new Sweeper(docker, LoopVolumes.fromEnvironment()).sweep();

        assertThat(containersOfRun(runId)).isEmpty();
        assertThat(docker.listNetworksCmd().withFilter("label", List.of(Owner.RUN_LABEL + "=" + runId)).exec()).isEmpty();
    }

    @Test
    void sweepRemovesDeadOwnersOnlyAndLeavesLiveRunsAndOtherHosts() throws Exception {
        Process deadProcess = new ProcessBuilder("sleep", "60").start();
        Owner dead = OwnerTest.ownerOf(deadProcess);
        deadProcess.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        Process liveProcess = new ProcessBuilder("sleep", "120").start();
        Owner live = OwnerTest.ownerOf(liveProcess);
        Owner elsewhere = new Owner("another-host", 1, 1);

        String deadId = idleContainer("sweep-dead", dead);
        String liveId = idleContainer("sweep-live", live);
        String otherHostId = idleContainer("sweep-elsewhere", elsewhere);
        try {
            new Sweeper(docker, LoopVolumes.fromEnvironment()).sweep();

            // (Any stack starting meanwhile on this host sweeps too, so check the effect, not who did it.)
            assertThat(exists(deadId)).as("container of a dead run").isFalse();
            assertThat(exists(liveId)).as("container of a live run").isTrue();
            assertThat(exists(otherHostId)).as("container of another host").isTrue();
        } finally {
            liveProcess.destroyForcibly();
            for (String id : List.of(deadId, liveId, otherHostId)) {
                if (exists(id)) {
                    docker.removeContainerCmd(id).withForce(true).exec();
                }
            }
        }
    }

    private String idleContainer(String name, Owner owner) {
        String id = docker.createContainerCmd("firedrill/redis:7")
                .withName("firedrill-" + name + "-" + System.nanoTime())
                .withLabels(Map.of(Owner.LABEL, owner.label(), Owner.RUN_LABEL, name))
                .exec().getId();
        docker.startContainerCmd(id).exec();
        return id;
    }

    private boolean exists(String id) {
        try {
            docker.inspectContainerCmd(id).exec();
            return true;
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return false;
        }
    }

    private List<?> containersOfRun(String runId) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Owner.RUN_LABEL, runId)).exec();
    }

    private static String awaitRunId(Process holder) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("run ")) {
                return line.substring(4).trim();
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("The stack-holding JVM ended without starting its stack:\n" + seen);
    }
}
