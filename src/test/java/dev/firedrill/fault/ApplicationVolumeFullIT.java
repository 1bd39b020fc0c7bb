package dev.firedrill.fault;

import dev.firedrill.Injection;
import dev.firedrill.capability.ServiceCommands;
import dev.firedrill.recovery.Recoveries;
import dev.firedrill.stack.LoopVolumes;
import dev.firedrill.stack.Stack;
import dev.firedrill.stack.StackDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The disk-fill of an application's own volume for real: the reference service keeps its maintenance mode on a
 * size-limited volume at /var/lib/ledger, as its own user; fill-volume fills it until its free space is gone and the
 * service's writes there fail with ENOSPC, then undone; free-volume frees it the runbook's way.
 */
@Timeout(60)
class ApplicationVolumeFullIT {

    private static final String COMPOSE = """
            name: firedrill-app-volume
            services:
              postgres:
                image: postgres:15
                environment: {POSTGRES_USER: ledger, POSTGRES_PASSWORD: ledger-secret, POSTGRES_DB: ledger}
                ports: ["5432"]
                healthcheck: {test: ["CMD", "pg_isready", "-h", "127.0.0.1", "-U", "ledger", "-d", "ledger"], interval: 500ms, timeout: 2s, retries: 60}
              redis:
                image: redis:7
                command: ["redis-server", "--save", "", "--appendonly", "no"]
                ports: ["6379"]
                healthcheck: {test: ["CMD", "redis-cli", "ping"], interval: 500ms, timeout: 2s, retries: 60}
              ledger:
                image: firedrill/ledger
                build: images/ledger
                environment:
                  LEDGER_DB_URL: jdbc:postgresql://postgres:5432/ledger
                  LEDGER_DB_USER: ledger
                  LEDGER_DB_PASSWORD: ledger-secret
                  LEDGER_REDIS_URL: redis://redis:6379
                  LEDGER_MAINTENANCE_FILE: /var/lib/ledger/maintenance-mode
                ports: ["8080"]
                volumes: ["ledger-state:/var/lib/ledger"]
                depends_on:
                  postgres: {condition: service_healthy}
                  redis: {condition: service_healthy}
            volumes:
              ledger-state: {}
            x-firedrill:
              volumes:
                ledger-state: {size: 16m}
            """;

    private static Stack stack;

    @BeforeAll
    @Timeout(180)
    static void startStack(@TempDir Path dir) throws Exception {
        LoopVolumes.fromEnvironment().unsupportedReason().ifPresent(reason -> Assumptions.abort("skipped: " + reason));
        stack = Stack.start(StackDefinition.load(Files.writeString(dir.resolve("app-volume.yml"), COMPOSE)));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /** A 64 KiB write into the service's volume, as the service's own user: its exit code and what it said. */
    private static ServiceCommands.CommandResult write() {
        return stack.commands().exec("ledger", "bash", "-c", "id -un; head -c 65536 /dev/zero > /var/lib/ledger/it-probe; rc=$?;"
                + " rm -f /var/lib/ledger/it-probe; df -k /var/lib/ledger | tail -1; exit $rc");
    }

    @Test
    void theApplicationsVolumeFillsUntilItsOwnWritesFailWithNoSpaceAndUndoFreesIt() {
        assertThat(write().stdout()).as("the service writes its volume as its own user").startsWith("ledger");
        assertThat(write().exitCode()).isZero();

        try (Injection full = Faults.fillVolume("ledger").inject(stack)) {
            ServiceCommands.CommandResult refused = write();
            assertThat(refused.exitCode()).isNotZero();
            assertThat(refused.stderr()).contains("No space left on device");
            String[] df = refused.stdout().strip().split("\n");
            long availableKib = Long.parseLong(df[df.length - 1].trim().split("\\s+")[3]);
            assertThat(availableKib).as("free space on the volume (df, KiB)").isLessThan(1024);
            assertThat(ReferenceStack.get(stack, "/health")).startsWith("200");
        }
        await("writes succeed again").atMost(Duration.ofSeconds(10)).until(() -> write().exitCode() == 0);

        try (Injection full = Faults.fillVolume("ledger").inject(stack)) {
            assertThat(write().exitCode()).isNotZero();
            assertThat(Recoveries.freeVolume("ledger").run(stack)).startsWith("freed ");
            assertThat(write().exitCode()).isZero();
        }
    }
}
