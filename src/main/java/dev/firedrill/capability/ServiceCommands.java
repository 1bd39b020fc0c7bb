package dev.firedrill.capability;

import dev.firedrill.Capability;

/** Commands run inside a service (as {@code docker exec} does): redis-cli, psql, nginx -s reload. */
public interface ServiceCommands extends Capability {

    /** Runs {@code command} inside the service and waits for it. */
    CommandResult exec(String service, String... command);

    /** What a command did: its exit code and its output. */
    record CommandResult(int exitCode, String stdout, String stderr) {

        /** Whether it exited 0. */
        public boolean succeeded() {
            return exitCode == 0;
        }
    }
}
