/**
 * Monitoring in the drill: the system's own Prometheus and Alertmanager, read (and, on a stack Firedrill started,
 * configured) by the drill. {@link dev.firedrill.monitoring.AlertWatch} (probe kind {@code alerts}) applies the
 * drill's monitoring settings, runs the webhook receiver Alertmanager delivers to, and puts every alert's state
 * changes and deliveries on the timeline; {@link dev.firedrill.monitoring.PromqlProbe} (probe kind {@code promql})
 * samples an expression as a probed path; the alert objectives ({@code alert-fires}, {@code alert-resolves},
 * {@code no-alert}) judge the timeline. Definitions: {@code docs/monitoring.md}.
 *
 * <p>May depend on: the root package, {@code kind} (its kinds), {@code capability} (files of the services it
 * configures, the address services reach the harness at), {@code measure} (the probe schedule), Jackson, the JDK
 * HTTP client and HTTP server.
 */
package dev.firedrill.monitoring;
