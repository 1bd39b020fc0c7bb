package dev.firedrill.capability;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A partial partition: a service cut from some of its peers only, one way or both, every other path left as it is
 * ("the leader loses the consensus store but still sees its clients"). Made and restored by {@link Network#cut} and
 * {@link Network#restore}; each cut has an id of its own, so restoring one never lifts another on the same services.
 *
 * <p>"Reach" is per connection: a service that cannot reach a peer cannot open connections to it, and those it opened
 * already go silent; connections the peer opened keep working both ways (a one-way loss of packets would break
 * them too, since TCP needs its answers).
 *
 * @param id        what tells this cut from another on the same services: 8 hexadecimal digits
 * @param service   the service cut ({@code target} in a drill file)
 * @param peers     the services it is cut from ({@code from}): not empty, no repeats, not the service itself
 * @param direction which way the links are cut
 */
public record LinkCut(String id, String service, List<String> peers, Direction direction) {

    /** Which way a cut acts, seen from the service. */
    public enum Direction {
        /** Neither reaches the other. */
        BOTH,
        /** The peers cannot reach the service; it still reaches them. */
        INBOUND,
        /** The service cannot reach the peers; they still reach it. */
        OUTBOUND;

        /** The values a drill file writes: {@code both}, {@code inbound}, {@code outbound}. */
        public static List<String> names() {
            return Arrays.stream(values()).map(Direction::text).toList();
        }

        /** {@code both}, {@code inbound} or {@code outbound}; an error naming the valid values otherwise. */
        public static Direction parse(String text) {
            for (Direction d : values()) {
                if (d.text().equals(text == null ? null : text.trim().toLowerCase(Locale.ROOT))) {
                    return d;
                }
            }
            throw new IllegalArgumentException("direction '" + text + "' is not valid; use one of " + names());
        }

        /** As a drill file writes it: {@code outbound}. */
        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One way of one pair: {@code from} cannot reach {@code to}. */
    public record Link(String from, String to) {
    }

    public LinkCut {
        if (id == null || !id.matches("[0-9a-f]{8}")) {
            throw new IllegalArgumentException("a cut's id is 8 hexadecimal digits, got '" + id + "'");
        }
        requirePeers(service, peers, "partition");
        peers = List.copyOf(peers);
        Objects.requireNonNull(direction, () -> "partition(" + service + "): the direction must be one of " + Direction.names());
    }

    /** A new cut of {@code service} from {@code peers}, with an id of its own. */
    public static LinkCut of(String service, List<String> peers, Direction direction) {
        return new LinkCut(UUID.randomUUID().toString().substring(0, 8), service, peers, direction);
    }

    /**
     * Checks what a cut's services must be: a named service, and peers that are named, listed once and not the service
     * itself; an error saying what is wrong otherwise ({@code step} names the fault in it).
     */
    public static void requirePeers(String service, List<String> peers, String step) {
        if (service == null || service.isBlank()) {
            throw new IllegalArgumentException(step + ": the target service must be named, got '" + service + "'");
        }
        if (peers == null || peers.isEmpty()) {
            throw new IllegalArgumentException(step + "(" + service + "): 'from' names the services it is cut from; got an empty list");
        }
        Set<String> seen = new HashSet<>();
        for (String peer : peers) {
            if (peer == null || peer.isBlank()) {
                throw new IllegalArgumentException(step + "(" + service + "): 'from' lists services by name; got a blank one in " + peers);
            }
            if (peer.equals(service)) {
                throw new IllegalArgumentException(step + "(" + service + "): 'from' lists the target itself; a service is never cut from"
                        + " itself, name the other services");
            }
            if (!seen.add(peer)) {
                throw new IllegalArgumentException(step + "(" + service + "): 'from' lists '" + peer + "' twice");
            }
        }
    }

    /** Every one-way link this cut cuts: service to peer (unless {@code INBOUND}), peer to service (unless {@code OUTBOUND}). */
    public List<Link> links() {
        List<Link> links = new ArrayList<>();
        for (String peer : peers) {
            if (direction != Direction.INBOUND) {
                links.add(new Link(service, peer));
            }
            if (direction != Direction.OUTBOUND) {
                links.add(new Link(peer, service));
            }
        }
        return links;
    }

    /** In words: "ledger cut from postgres, redis (outbound: ledger cannot reach them)". */
    public String describe() {
        String who = String.join(", ", peers);
        return service + " cut from " + who + " (" + switch (direction) {
            case BOTH -> "both ways";
            case INBOUND -> "inbound: " + who + " cannot reach " + service;
            case OUTBOUND -> "outbound: " + service + " cannot reach " + who;
        } + ")";
    }
}
