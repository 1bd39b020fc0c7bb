package dev.firedrill.monitoring;

/** Prometheus or Alertmanager could not be read or configured; the message names which, where, and what it said. */
public final class MonitoringException extends RuntimeException {

    public MonitoringException(String message) {
        super(message);
    }

    public MonitoringException(String message, Throwable cause) {
        super(message, cause);
    }
}
