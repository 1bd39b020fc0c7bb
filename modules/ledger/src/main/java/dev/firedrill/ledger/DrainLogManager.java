package dev.firedrill.ledger;

import java.util.logging.LogManager;

/**
 * The JDK's {@link LogManager}, except that its own shutdown hook does not reset it: that hook runs
 * alongside the service's drain on SIGTERM and removes every handler, so the drain's log lines
 * ("shutting down: draining ...", "stopped after ...") were lost. Named by the image's entrypoint
 * ({@code -Djava.util.logging.manager=dev.firedrill.ledger.DrainLogManager}); the console handler
 * writes each record straight to stderr, so nothing is left to flush at exit.
 */
public final class DrainLogManager extends LogManager {

    /** JUL's shutdown hook, a private nested thread class of LogManager. */
    private static final String JDK_SHUTDOWN_HOOK = LogManager.class.getName() + "$Cleaner";

    @Override
    public void reset() {
        if (Thread.currentThread().getClass().getName().equals(JDK_SHUTDOWN_HOOK)) {
            return;
        }
        super.reset();
    }
}
