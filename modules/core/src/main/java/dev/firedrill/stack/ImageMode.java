package dev.firedrill.stack;

import java.util.Locale;

/**
 * Which images a stack uses: {@code FIREDRILL_IMAGES=public|local|auto} (default {@code auto}).
 */
public enum ImageMode {
    /** Always the public images (pulled when missing). */
    PUBLIC,
    /** Always the images built from Debian packages by {@code images/}. */
    LOCAL,
    /** A public image when it is present locally; else the local one when present; else the public one (pulled). */
    AUTO;

    /** Reads {@code FIREDRILL_IMAGES} (environment, or the system property {@code firedrill.images}). */
    public static ImageMode fromEnvironment() {
        String value = System.getProperty("firedrill.images", System.getenv("FIREDRILL_IMAGES"));
        return parse(value);
    }

    static ImageMode parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StackConfigurationException("FIREDRILL_IMAGES='" + value + "' is not valid; use public, local or auto");
        }
    }

    /** Whether to use the local image, given what the engine already has. */
    boolean useLocal(boolean publicPresent, boolean localPresent) {
        return switch (this) {
            case PUBLIC -> false;
            case LOCAL -> true;
            case AUTO -> !publicPresent && localPresent;
        };
    }
}
