package dev.firedrill.examples;

import dev.firedrill.junit.DrillFileSuite;
import dev.firedrill.junit.Drills;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The Sentinel example's drill files ({@code examples/sentinel/drills}: S01, the primary killed, and its can-fail
 * variant), each on a fresh stack of its own, so that it starts on a whole system. The suites' factories
 * read {@code drills/} only: these files run here, with the example ({@code ./drill run examples}, {@code ./drill test}),
 * and alone with {@code ./drill run examples/sentinel/drills/S01-primary-killed.yml}. The drills that need Java are in
 * {@link SentinelExampleIT}.
 */
@Drills(compose = "examples/sentinel/docker-compose.yml")   // starts nothing itself: each file starts its own stack
@Tag("examples")
class SentinelExampleFilesIT {

    @TestFactory
    Stream<DynamicNode> drillFiles(DrillFileSuite files) {
        return files.folder("examples/sentinel/drills");
    }
}
