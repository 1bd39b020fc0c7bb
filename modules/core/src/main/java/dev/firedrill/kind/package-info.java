/**
 * Kinds: what a drill file can name. Each kind of fault, recovery procedure, preparation, probe and objective is a
 * {@link dev.firedrill.kind.KindDescriptor} (its name, summary, parameters, the capabilities it requires and the
 * factory that builds the same value the Java DSL does), declared by a {@link dev.firedrill.kind.KindProvider} and
 * discovered through {@link java.util.ServiceLoader} by {@link dev.firedrill.kind.Kinds}. Firedrill's own kinds are
 * declared this way too ({@code FaultKinds}, {@code ProcedureKinds}, {@code PreparationKinds}, {@code ProbeKinds},
 * {@code ObjectiveKinds}); a kind of a user's own is one provider class on the classpath
 * ({@code @AutoService(KindProvider.class)}), with no change to Firedrill. The drill-file reader, the JSON Schema,
 * the DR policy, {@code ./drill list --kinds} and {@code docs/kinds.md} all read kinds from here.
 *
 * <p>May depend on: the root package {@code dev.firedrill}, {@code dev.firedrill.capability}, the JDK.
 */
package dev.firedrill.kind;
