package dev.firedrill.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A service that exits while its health check is pending fails the start at once, naming its exit code and last lines.
 * It runs for 3 s first, as a server that reads its configuration and then gives up does: one that exits at once is
 * already caught by the container's start.
 */
class ServiceLauncherIT {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)   // its health budget is over 200 s: only the exit can end the wait in time
    void aServiceThatExitsBeforeItIsHealthyFailsTheStartAtOnce() throws Exception {
        Path compose = dir.resolve("docker-compose.yml");
        Files.writeString(compose, """
                services:
                  redis:
                    image: redis:7
                    command: ["sh", "-c", "echo refusing this configuration; sleep 3; exit 3"]
                    healthcheck:
                      test: ["CMD", "redis-cli", "ping"]
                      interval: 2s
                      retries: 100
                """);

        assertThatThrownBy(() -> Stack.start(StackDefinition.load(compose)).close())
                .hasStackTraceContaining("the container exited with code 3 before its health check passed")
                .hasStackTraceContaining("refusing this configuration");
    }
}
