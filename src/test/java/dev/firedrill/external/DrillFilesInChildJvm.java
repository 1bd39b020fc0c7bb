package dev.firedrill.external;

import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs the drill files (DrillFilesDrill) through the JUnit launcher in a JVM of their own, as failsafe does
 * for {@code ./drill run}, so that a test can interrupt that JVM (SIGINT, as Ctrl-C does) mid-drill.
 * The selection comes from the system properties ({@code firedrill.*}).
 */
public final class DrillFilesInChildJvm {

    private DrillFilesInChildJvm() {
    }

    public static void main(String[] args) {
        System.out.println("child: running the drill files");
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass("dev.firedrill.drills.DrillFilesDrill")).build());
        System.out.println("child: done");
    }
}
