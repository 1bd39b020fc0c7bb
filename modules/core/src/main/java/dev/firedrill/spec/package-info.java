/**
 * Drill files: YAML to {@link dev.firedrill.Drill} values through the same entry points as the Java DSL, with
 * errors that cite the file, line, column and field; the JSON Schema, the DR policy, endpoints files (external
 * mode), {@code ./drill list} (and {@code --kinds}) and {@code ./drill plan}. Reference: {@code docs/drill-files.md};
 * the kinds a file can name are read only through {@link dev.firedrill.kind.Kinds} ({@code docs/kinds.md}).
 *
 * <p>May depend on: the root package, {@code kind}, {@code fault} (a fault delayed by {@code after}), {@code external}
 * (endpoints files), {@code measure} (guards, standing objectives), Jackson YAML.
 */
package dev.firedrill.spec;
