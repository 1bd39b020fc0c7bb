package dev.firedrill.report;

import java.security.PrivateKey;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Seals the run folder as an evidence bundle when the run ends: writes {@code summary.html}, then the
 * SHA-256 manifest and (with a signing key) its Ed25519 signature. Must come after every reporter that
 * writes into the run folder (in {@link Reporters#of} order), since what it seals is final.
 *
 * <p>Example: {@code Reporters.of(new EvidenceReporter(), new BundleReporter(secrets, BundleReporter::configuredKey))}.
 */
public final class BundleReporter implements Reporter {

    private static final Logger LOG = Logger.getLogger(BundleReporter.class.getName());

    private final Collection<String> secretValues;
    private final Supplier<Optional<PrivateKey>> key;

    /** Masks {@code secretValues} in the summary; signs with the key {@code key} supplies at the end of the run, if any. */
    public BundleReporter(Collection<String> secretValues, Supplier<Optional<PrivateKey>> key) {
        this.secretValues = Objects.requireNonNull(secretValues, "secretValues must not be null");
        this.key = Objects.requireNonNull(key, "key must not be null");
    }

    /** The key of {@code -Dfiredrill.signing.key} or {@code FIREDRILL_SIGNING_KEY}, if set. */
    public static Optional<PrivateKey> configuredKey() {
        return SigningKeys.configured(System.getenv(), System.getProperties());
    }

    @Override
    public void drillFinished(RunInfo run, dev.firedrill.DrillResult result, DrillArtifacts artifacts) {
        // Sealed once, at the end of the run.
    }

    @Override
    public void runFinished(RunInfo run) {
        SummaryPage.writeFor(run.folder(), secretValues);
        try {
            ExerciseReport.writeFor(run.folder(), secretValues);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The exercise report of run " + run.id() + " could not be written; the bundle is sealed without it: " + e, e);
        }
        Optional<PrivateKey> signingKey;
        try {
            signingKey = key.get();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "The signing key is configured but unusable, so the bundle of run " + run.id()
                    + " is left unsigned: " + e.getMessage());
            signingKey = Optional.empty();
        }
        EvidenceBundle.seal(run.folder(), signingKey);
    }
}
