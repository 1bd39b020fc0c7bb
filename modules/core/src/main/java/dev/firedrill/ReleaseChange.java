package dev.firedrill;

import java.util.Optional;

/**
 * What a release step changed, for the record: a service's image, an image's tag, a database's schema revision,
 * before and after, and the step that changed it. The drill notes each on its timeline (kind {@value #NOTE}) and the
 * evidence lists them in {@code releases}.
 *
 * <p>Example: {@code new ReleaseChange("ledger", "firedrill/ledger:1.0.0@sha256:4f1c...", "firedrill/ledger:2.0.0@sha256:9a0b...",
 * "deploy(ledger, firedrill/ledger:2.0.0)")}
 *
 * @param subject what changed: a service, an image tag, a database's schema
 * @param before  what it was (an image with its id, a revision), or {@code (none)}
 * @param after   what it is now
 * @param step    the step that changed it
 */
public record ReleaseChange(String subject, String before, String after, String step) {

    /** The kind of the timeline note. */
    public static final String NOTE = "release";
    private static final String ARROW = " -> ";
    private static final String BY = " by ";

    public ReleaseChange {
        for (String field : new String[] {subject, before, after, step}) {
            if (field == null || field.isBlank()) {
                throw new IllegalArgumentException("a release change names its subject, before, after and step, none blank; got "
                        + subject + ", " + before + ", " + after + ", " + step);
            }
        }
        if (subject.contains(": ") || before.contains(ARROW) || after.contains(BY)) {
            throw new IllegalArgumentException("a release change's subject holds no ': ', its before no '" + ARROW.strip() + "' and its after no '"
                    + BY.strip() + "' (so its note reads back); got " + subject + ", " + before + ", " + after);
        }
    }

    /** {@code <subject>: <before> -> <after> by <step>}. */
    public String detail() {
        return subject + ": " + before + ARROW + after + BY + step;
    }

    /** The change a note's detail records; empty when it is not one. */
    public static Optional<ReleaseChange> ofDetail(String detail) {
        if (detail == null) {
            return Optional.empty();
        }
        int colon = detail.indexOf(": ");
        int arrow = detail.indexOf(ARROW, colon + 1);
        int by = arrow < 0 ? -1 : detail.indexOf(BY, arrow + ARROW.length());
        if (colon <= 0 || arrow < 0 || by < arrow) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ReleaseChange(detail.substring(0, colon), detail.substring(colon + 2, arrow),
                    detail.substring(arrow + ARROW.length(), by), detail.substring(by + BY.length())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
