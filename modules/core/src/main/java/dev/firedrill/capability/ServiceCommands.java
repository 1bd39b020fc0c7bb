package dev.firedrill.capability;

import dev.firedrill.Capability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Commands run inside a service (as {@code docker exec} does): redis-cli, psql, nginx -s reload. */
public interface ServiceCommands extends Capability {

    /** Runs {@code command} inside the service and waits for it. */
    CommandResult exec(String service, String... command);

    /**
     * Starts {@code command} inside the service as {@code user} (null: the service's default user) with
     * {@code environment} added, handing its output (stdout and stderr interleaved) to {@code output} as it comes.
     */
    RunningCommand start(String service, String user, Map<String, String> environment, List<String> command, Consumer<String> output);

    /** A command started with {@link #start}. */
    interface RunningCommand {

        /** Waits at most {@code bound} for the command to end; whether it ended. */
        boolean await(Duration bound) throws InterruptedException;

        /** Its exit code once it ended (empty while it runs, or when the system could not tell). */
        Optional<Integer> exitCode();
    }

    /** What a command did: its exit code and its output. */
    record CommandResult(int exitCode, String stdout, String stderr) {

        /** Whether it exited 0. */
        public boolean succeeded() {
            return exitCode == 0;
        }
    }
}
