package dev.firedrill.stack;

import com.github.dockerjava.api.command.InspectContainerResponse;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Waits for a container's health check to say healthy, and gives up at once when the container exits instead (a
 * server that refused its configuration): Testcontainers' own health wait would wait out the whole budget.
 */
final class HealthyOrExited extends AbstractWaitStrategy {

    private static final Duration POLL = Duration.ofMillis(250);
    private static final int LOG_LINES = 20;

    HealthyOrExited(Duration budget) {
        withStartupTimeout(budget);
    }

    @Override
    protected void waitUntilReady() {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        String health = "unknown";
        while (System.nanoTime() - deadline < 0) {
            InspectContainerResponse info = waitStrategyTarget.getCurrentContainerInfo();
            InspectContainerResponse.ContainerState state = info.getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                throw new ContainerLaunchException("the container exited with code " + state.getExitCodeLong()
                        + " before its health check passed" + lastLogLines());
            }
            health = state.getHealth() == null ? "no health status yet" : state.getHealth().getStatus();
            if ("healthy".equals(health)) {
                return;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ContainerLaunchException("interrupted waiting for the container to be healthy", e);
            }
        }
        throw new ContainerLaunchException("the container was not healthy within " + startupTimeout.toSeconds() + " s (health: "
                + health + ")" + lastLogLines());
    }

    private String lastLogLines() {
        try {
            List<String> lines = Arrays.asList(waitStrategyTarget.getLogs().split("\n"));
            return "; its last log lines:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()));
        } catch (RuntimeException e) {
            return "";
        }
    }
}
