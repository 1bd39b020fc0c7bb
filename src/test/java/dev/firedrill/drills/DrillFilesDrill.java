package dev.firedrill.drills;

import dev.firedrill.junit.DrillFileSuite;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Load;
import dev.firedrill.junit.Quarterly;
import dev.firedrill.junit.Regression;
import dev.firedrill.junit.Smoke;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The drill files of drills/ as dynamic tests, one factory per suite tag so that failsafe's tag selection
 * ({@code ./drill run <suite>}) picks them like Java drills. The files are the catalogue drills of every
 * suite (contracts.md §5); {@code ./drill run drills/D01-api-service-down.yml} runs one.
 */
@Drills
class DrillFilesDrill {

    @TestFactory
    @Smoke
    Stream<DynamicNode> smoke(DrillFileSuite files) {
        return files.tests("smoke");
    }

    @TestFactory
    @Regression
    Stream<DynamicNode> regression(DrillFileSuite files) {
        return files.tests("regression");
    }

    @TestFactory
    @Quarterly
    Stream<DynamicNode> quarterly(DrillFileSuite files) {
        return files.tests("quarterly");
    }

    @TestFactory
    @Load
    Stream<DynamicNode> load(DrillFileSuite files) {
        return files.tests("load");
    }
}
