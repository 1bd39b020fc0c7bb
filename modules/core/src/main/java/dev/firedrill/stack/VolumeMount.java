package dev.firedrill.stack;

/**
 * A volume in a service: a named volume of the stack, or a host path (bind mount), at {@code target}.
 */
public record VolumeMount(String source, String target, boolean readOnly, boolean hostPath) {
}
