package dev.firedrill;

import java.util.Map;
import java.util.Set;

/**
 * The system a drill acts on: named services and how the harness reaches them.
 *
 * <p>A container stack implements it, and so does a system started elsewhere (external mode).
 * Example: {@code URI ledger = sut.endpoint("ledger", 8080).httpUri();}
 */
public interface SystemUnderTest {

    /** Names of the services this system has, as faults and recoveries refer to them. */
    Set<String> services();

    /** Where the harness reaches {@code port} of {@code service} (through the fault proxy when one fronts it). */
    Endpoint endpoint(String service, int port);

    /** The environment a service was configured with, for credentials and settings (never logged unmasked). */
    Map<String, String> environment(String service);
}
