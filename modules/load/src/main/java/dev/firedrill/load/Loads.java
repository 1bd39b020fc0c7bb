package dev.firedrill.load;

import dev.firedrill.Workload;

/**
 * Entry class of the load a drill runs in the background: Gatling simulations against the stack,
 * each request recorded into the drill's timeline so that objectives are judged per phase with
 * {@code dev.firedrill.measure.Slos}.
 *
 * <p>Example: {@code Drill.builder("D03", "Database latency under load").workload(Loads.ledger())
 * .objective(Slos.latencyPercentileBelow("load", Phase.BEFORE, 95, ofMillis(500)))}
 */
public final class Loads {

    private Loads() {
    }

    /** Writes and reads through {@code ledger:8080} with the default settings (system properties {@code load.*} win). */
    public static Workload ledger() {
        return ledger(LoadSettings.defaults());
    }

    /** Writes and reads through {@code ledger:8080} with {@code settings} (system properties {@code load.*} win). */
    public static Workload ledger(LoadSettings settings) {
        return new GatlingLoad("ledger", 8080, settings);
    }

    /** The same load against another service speaking the ledger contract, e.g. {@code lb:8080}. */
    public static Workload ledger(String service, int port, LoadSettings settings) {
        return new GatlingLoad(service, port, settings);
    }
}
