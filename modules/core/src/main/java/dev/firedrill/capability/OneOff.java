package dev.firedrill.capability;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A one-off command run to completion in a fresh container of a service's image, on the stack's
 * network (replicas and restored servers are filled this way, as the {@code postgres}
 * user). A value: every {@code with...} returns a changed copy.
 *
 * <p>Example: {@code system.require(OneOffs.class, "a restore").run(OneOff.of("postgres", "pg_restore", "--list", "/backups/b.dump").asUser("postgres")
 * .withVolume(backups, "/backups"))}
 *
 * @param imageOf  the service whose image the container runs
 * @param user     the user the command runs as (null: the image's default)
 * @param env      environment variables
 * @param volumes  Docker volume name to the path it is mounted at
 * @param command  the command and its arguments
 * @param timeout  bound on the command's run
 */
public record OneOff(String imageOf, String user, Map<String, String> env, Map<String, String> volumes, List<String> command,
        Duration timeout) {

    /** Validates the fields. */
    public OneOff {
        if (imageOf == null || imageOf.isBlank()) {
            throw new IllegalArgumentException("OneOff.imageOf must name a service of the stack");
        }
        env = Map.copyOf(env);
        volumes = Map.copyOf(volumes);
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("OneOff.command must not be empty (the image of '" + imageOf + "' runs it)");
        }
        Objects.requireNonNull(timeout, "OneOff.timeout must not be null");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("OneOff.timeout must be positive, got " + timeout);
        }
    }

    /** {@code command} in the image of {@code service}, as the image's user, no volumes, within 2 minutes. */
    public static OneOff of(String service, String... command) {
        return new OneOff(service, null, Map.of(), Map.of(), List.of(command), Duration.ofMinutes(2));
    }

    public OneOff asUser(String name) {
        return new OneOff(imageOf, name, env, volumes, command, timeout);
    }

    public OneOff withEnv(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(env);
        all.putAll(more);
        return new OneOff(imageOf, user, all, volumes, command, timeout);
    }

    public OneOff withVolume(String dockerVolume, String path) {
        Map<String, String> all = new LinkedHashMap<>(volumes);
        all.put(dockerVolume, path);
        return new OneOff(imageOf, user, env, all, command, timeout);
    }

    public OneOff within(Duration bound) {
        return new OneOff(imageOf, user, env, volumes, command, bound);
    }

    /** What a one-off command did: its exit code and everything it wrote (stdout and stderr interleaved). */
    public record Result(int exitCode, String output) {

        public boolean succeeded() {
            return exitCode == 0;
        }
    }
}
