/**
 * Measurement: probes and writers, the operation ledger, and the pure computation of failure windows, RTO, TTR,
 * detection, RPO and phase statistics from recorded data ({@link dev.firedrill.measure.RecoveryAnalysis},
 * {@link dev.firedrill.measure.LedgerAnalysis}); the objectives judged on them ({@link dev.firedrill.measure.Slos}).
 * Definitions: {@code docs/measurements.md}.
 *
 * <p>May depend on: the root package, {@code kind} (the probe and objective kinds it declares), {@code access} (PostgreSQL sessions, for the SQL probe), {@code selector} (the leader checks of the leaders probe), JDBC, Jedis, the JDK
 * HTTP client.
 */
package dev.firedrill.measure;
