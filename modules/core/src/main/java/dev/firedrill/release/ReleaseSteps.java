package dev.firedrill.release;

import dev.firedrill.Fault;
import dev.firedrill.Recovery;
import dev.firedrill.ReleaseChange;
import dev.firedrill.Timeline;

/**
 * The release steps as values: a bad release as a fault, deploy, rollback and retag as procedures.
 *
 * <p>Example: {@code .fault(ReleaseSteps.badRelease("ledger", "firedrill/ledger:2.0.0")).recovery(ReleaseSteps.rollback("ledger"))}
 */
public final class ReleaseSteps {

    private static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private ReleaseSteps() {
    }

    /** A release deployed as the drill's fault (undone by recreating the service from the image it ran before). */
    public static Fault badRelease(String service, String image) {
        return new DeployFault(service, image);
    }

    /** A release deployed as a procedure step. */
    public static Recovery deploy(String service, String image) {
        return new DeployProcedure(service, image);
    }

    /** Runbook 001 §Quick Rollback: {@code :previous} tagged as {@code :latest}, the service recreated from it. */
    public static Recovery rollback(String service) {
        return new Rollback(service, Deployment.PREVIOUS, "latest");
    }

    /** {@code docker tag repository:from repository:to}. */
    public static Recovery retag(String repository, String from, String to) {
        return new Retag(repository, from, to);
    }

    static void checkImage(String image, String kind) {
        if (image == null || image.isBlank() || image.lastIndexOf(':') <= image.lastIndexOf('/')) {
            throw new IllegalArgumentException(kind + ": 'image' names an image with its tag, e.g. firedrill/ledger:2.0.0; got '" + image + "'");
        }
    }

    static void checkTag(String tag, String kind, String field) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException(kind + ": '" + field + "' is a tag (letters, digits, '_', '.', '-'; at most 128), e.g. previous;"
                    + " got '" + tag + "'");
        }
    }

    static void note(Timeline timeline, ReleaseChange... changes) {
        for (ReleaseChange change : changes) {
            timeline.note(ReleaseChange.NOTE, change.detail());
        }
    }
}
