package dev.firedrill.capability;

import dev.firedrill.Capability;

import java.util.Objects;

/**
 * The images of a system's services, handled as a release procedure handles them: which image a service runs, a tag
 * moved in the engine ({@code docker tag app:previous app:latest}), and a service's container recreated from another
 * image under the same name ({@code docker compose up -d --force-recreate app}). A stack Firedrill started offers it.
 *
 * <p>Images are named by reference ({@code firedrill/ledger:2.0.0}) and identified by their id, the sha256 digest of
 * the image's configuration: the same content has the same id on every engine, and a tag moved or rebuilt shows as a
 * changed id. (A registry's digest exists only for an image pushed to one; the engines here have none.)
 */
public interface ServiceImages extends Capability {

    /** The image the service's container runs now. */
    Image running(String service);

    /** The image {@code reference} (or an image id) names in the engine now, if any; nothing is built or pulled. */
    java.util.Optional<Image> find(String reference);

    /**
     * The image {@code reference} names, made available to the engine: found there; else built, when it is an image
     * Firedrill builds itself (a version of {@code firedrill/ledger}); else pulled. An error says which of the three
     * were tried and why each failed.
     */
    Image resolve(String reference);

    /** {@code docker tag}: {@code target} names the image {@code source} names, from now on; returns it. */
    Image tag(String source, String target);

    /**
     * Recreates the service's container from {@code reference} (resolved first) under the same name, network aliases,
     * environment, ports and volumes, and returns once it is ready (its healthcheck passes); later restarts and
     * recreations keep that image. {@code removing} runs just before the old container is removed: the instant the
     * service stops serving.
     */
    Image deploy(String service, String reference, Runnable removing);

    /**
     * An image: the reference it was named by, and its id.
     *
     * @param reference e.g. {@code firedrill/ledger:2.0.0}
     * @param id        e.g. {@code sha256:4f1c...}
     */
    record Image(String reference, String id) {

        public Image {
            Objects.requireNonNull(reference, "an image's reference");
            Objects.requireNonNull(id, "an image's id");
        }

        /** The repository of the reference, without its tag: {@code firedrill/ledger}. */
        public String repository() {
            int slash = reference.lastIndexOf('/');
            int colon = reference.lastIndexOf(':');
            return colon > slash ? reference.substring(0, colon) : reference;
        }

        /** {@code firedrill/ledger:2.0.0@sha256:4f1c...}, as the evidence names every service's image. */
        @Override
        public String toString() {
            return reference + "@" + id;
        }
    }
}
