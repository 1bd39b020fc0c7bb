package dev.firedrill.recovery;

import java.util.function.Supplier;

/**
 * The named steps of one recovery procedure or preparation, as its runbook lists them ("stop it", "copy the
 * snapshot", "start it"). A step that throws fails the whole procedure with a message naming the procedure,
 * the step and the cause, e.g. {@code restore latest backup(postgres): step 'check the backup' failed: backup
 * ... is missing or corrupt}, which is what the drill's report then says.
 *
 * <p>Example: {@code Steps steps = new Steps(name()); String path = steps.run("find the file", () -> find());}
 */
final class Steps {

    private final String procedure;

    Steps(String procedure) {
        this.procedure = procedure;
    }

    /** Runs one step and returns its result; a failure of this procedure's own steps passes through unchanged. */
    <T> T run(String step, Supplier<T> action) {
        try {
            return action.get();
        } catch (Failed e) {
            if (e.procedure.equals(procedure)) {
                throw e;
            }
            throw fail(step, e.getMessage(), e);
        } catch (RuntimeException e) {
            throw fail(step, e.getMessage(), e);
        }
    }

    /** Runs one step that has no result. */
    void act(String step, Runnable action) {
        run(step, () -> {
            action.run();
            return null;
        });
    }

    /** The failure of {@code step}, for a check made outside {@link #run}: throw it. */
    Failed fail(String step, String cause) {
        return fail(step, cause, null);
    }

    /**
     * The {@code what} (backup, snapshot) of {@code service} {@code generationsBack} before the latest of {@code found}
     * (sorted oldest first), or the failure of {@code step} naming what was found; {@code hint} (may be empty) follows
     * the message when none was found, saying how to take one.
     */
    String pick(String step, java.util.List<String> found, int generationsBack, String what, String service, String hint) {
        if (found.isEmpty()) {
            throw fail(step, "no " + what + " of '" + service + "' in the backups volume" + hint);
        }
        if (found.size() <= generationsBack) {
            throw fail(step, "only " + found.size() + " " + what + "(s) of '" + service + "', the one " + generationsBack
                    + " before the latest asked for: " + found);
        }
        return found.get(found.size() - 1 - generationsBack);
    }

    /** The name of a restore of the latest {@code what} (0) or of an older one, e.g. {@code restore backup 1 before the latest(postgres)}. */
    static String restoreName(String what, int generationsBack, String service) {
        requireGeneration(what, generationsBack);
        return generationsBack == 0 ? "restore latest " + what + "(" + service + ")"
                : "restore " + what + " " + generationsBack + " before the latest(" + service + ")";
    }

    /** Refuses a negative count of generations back from the latest {@code what}. */
    static void requireGeneration(String what, int generationsBack) {
        if (generationsBack < 0) {
            throw new IllegalArgumentException("generationsBack must be 0 (the latest " + what + ") or more, got " + generationsBack);
        }
    }

    private Failed fail(String step, String cause, Throwable source) {
        return new Failed(procedure, procedure + ": step '" + step + "' failed: " + cause, source);
    }

    /** A procedure could not complete: the message names the procedure, the step and the cause. */
    static final class Failed extends IllegalStateException {

        private final String procedure;

        Failed(String procedure, String message, Throwable cause) {
            super(message, cause);
            this.procedure = procedure;
        }
    }
}
