package dev.firedrill.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of this project from tests, whichever directory the test JVM started in. */
public final class ProjectFiles {

    private ProjectFiles() {
    }

    /** The project directory (failsafe passes it; else the nearest parent with a pom.xml). */
    public static Path root() {
        String configured = System.getProperty("firedrill.project.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("No pom.xml above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** The reference stack's Compose file. */
    public static Path referenceCompose() {
        return root().resolve("docker-compose.drill.yml");
    }

    /** The reference stack with its monitoring overlay: the two Compose files, in order. */
    public static java.util.List<Path> monitoredCompose() {
        return java.util.List.of(referenceCompose(), root().resolve("docker-compose.monitoring.yml"));
    }
}
