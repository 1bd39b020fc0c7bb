package dev.firedrill.drills;

import dev.firedrill.junit.DrillFileSuite;
import dev.firedrill.junit.Drills;
import dev.firedrill.junit.Load;
import dev.firedrill.junit.Quarterly;
import dev.firedrill.junit.Regression;
import dev.firedrill.junit.Smoke;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.util.Map;
import java.util.stream.Stream;

/**
 * The drill files of drills/ as dynamic tests, one factory per catalogue suite tag so that failsafe's tag selection
 * ({@code ./drill run <suite>}) picks them like Java drills, and one for every other suite ({@code ./drill run
 * payments-nightly} selects it with its tag, open-suites). The files are the catalogue drills of every suite
 * (docs/suites.md) and any a user adds; {@code ./drill run drills/D01-api-service-down.yml} runs one.
 */
@Drills
class DrillFilesDrill {

    /** Checks the tests make after a file drill passed, beyond its objectives (the same as its Java example makes). */
    private static final Map<String, DrillFileSuite.AfterDrill> CHECKS = Map.of(
            "D11", FailoverDrill::onlyWritesAfterTheReceivedPositionAreLostAndTheOldPrimaryIsFenced);

    @TestFactory
    @Smoke
    Stream<DynamicNode> smoke(DrillFileSuite files) {
        return files.tests("smoke", CHECKS);
    }

    @TestFactory
    @Regression
    Stream<DynamicNode> regression(DrillFileSuite files) {
        return files.tests("regression", CHECKS);
    }

    @TestFactory
    @Quarterly
    Stream<DynamicNode> quarterly(DrillFileSuite files) {
        return files.tests("quarterly", CHECKS);
    }

    @TestFactory
    @Load
    Stream<DynamicNode> load(DrillFileSuite files) {
        return files.tests("load", CHECKS);
    }

    @TestFactory
    @Tag(DrillFileSuite.OPEN_SUITES)
    Stream<DynamicNode> openSuites(DrillFileSuite files) {
        return files.openSuites(CHECKS);
    }
}
