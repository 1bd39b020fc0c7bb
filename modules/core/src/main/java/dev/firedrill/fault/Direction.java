package dev.firedrill.fault;

import eu.rekawek.toxiproxy.model.ToxicDirection;

import java.util.List;

/**
 * Which way a network fault acts: a Toxiproxy toxic acts on one stream, so "both" is two toxics.
 * {@code UPSTREAM} = client to service (requests), {@code DOWNSTREAM} = service to client (answers).
 */
public enum Direction {
    UPSTREAM, DOWNSTREAM, BOTH;

    List<ToxicDirection> streams() {
        return switch (this) {
            case UPSTREAM -> List.of(ToxicDirection.UPSTREAM);
            case DOWNSTREAM -> List.of(ToxicDirection.DOWNSTREAM);
            case BOTH -> List.of(ToxicDirection.UPSTREAM, ToxicDirection.DOWNSTREAM);
        };
    }
}
