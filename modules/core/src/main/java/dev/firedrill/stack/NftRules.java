package dev.firedrill.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The nftables rules that keep one service from reaching some destinations, written into that service's own network
 * namespace: one table per cut, {@code inet firedrill_<cut id>}, so that deleting the table restores exactly that cut
 * and nothing else (Docker's own rules in the namespace, other cuts).
 *
 * <p>"Reach" is per connection, through conntrack: the service's packets to a destination are dropped when they belong
 * to a connection it opened ({@code ct direction original}), and so are the destination's answers on those
 * connections; connections the destination opened keep working both ways.
 */
final class NftRules {

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]*:[0-9a-fA-F:.]*");

    /**
     * An address by which the service reaches a peer: the peer's own address on the stack network (every port), or the
     * fault proxy's address with the port of a proxy leading to the peer.
     *
     * @param ip      an IPv4 or IPv6 literal
     * @param tcpPort the TCP port, or null for every port and protocol
     */
    record Destination(String ip, Integer tcpPort) {

        Destination {
            Objects.requireNonNull(ip, "ip");
            if (!IPV4.matcher(ip).matches() && !IPV6.matcher(ip).matches()) {
                throw new IllegalArgumentException("not an IP address: '" + ip + "'");
            }
            if (tcpPort != null && (tcpPort < 1 || tcpPort > 65535)) {
                throw new IllegalArgumentException("not a TCP port: " + tcpPort);
            }
        }

        private String family() {
            return ip.contains(":") ? "ip6" : "ip";
        }

        /** The match of packets to it (sent) or from it (answers): {@code ip daddr 10.0.0.3 tcp dport 5432}. */
        private String match(boolean to) {
            return family() + (to ? " daddr " : " saddr ") + ip + (tcpPort == null ? "" : (to ? " tcp dport " : " tcp sport ") + tcpPort);
        }
    }

    private NftRules() {
    }

    /** The table of the cut {@code cutId}. */
    static String table(String cutId) {
        return "firedrill_" + cutId;
    }

    /** The rules of the table, as {@code nft list table} prints them: the output chain's, then the input chain's. */
    static List<String> rules(List<Destination> destinations) {
        List<String> rules = new ArrayList<>();
        destinations.forEach(d -> rules.add(d.match(true) + " ct direction original drop"));
        destinations.forEach(d -> rules.add(d.match(false) + " ct direction reply drop"));
        return rules;
    }

    /** A shell script that adds the table atomically ({@code nft -f}) and prints it back. */
    static String addScript(String table, List<Destination> destinations) {
        if (destinations.isEmpty()) {
            throw new IllegalArgumentException("a cut needs at least one destination");
        }
        List<String> rules = rules(destinations);
        int half = destinations.size();
        StringBuilder script = new StringBuilder("nft -f - <<'RULES'\n");
        script.append("table inet ").append(table).append(" {\n");
        script.append("  chain output {\n    type filter hook output priority filter; policy accept;\n");
        rules.subList(0, half).forEach(r -> script.append("    ").append(r).append('\n'));
        script.append("  }\n  chain input {\n    type filter hook input priority filter; policy accept;\n");
        rules.subList(half, rules.size()).forEach(r -> script.append("    ").append(r).append('\n'));
        script.append("  }\n}\nRULES\n");
        script.append("nft list table inet ").append(table).append('\n');
        return script.toString();
    }

    /** A shell script that deletes the table when it is there and lists the tables left. */
    static String removeScript(String table) {
        return "nft list table inet " + table + " >/dev/null 2>&1 && nft delete table inet " + table + "\nnft list tables\n";
    }

    /** The rules of {@code destinations} missing from {@code listing} (what {@link #addScript} printed back); empty when all are there. */
    static List<String> missing(String listing, List<Destination> destinations) {
        List<String> lines = listing.lines().map(String::trim).toList();
        return rules(destinations).stream().filter(rule -> !lines.contains(rule)).toList();
    }

    /** Whether {@code tables} (what {@code nft list tables} printed) lists {@code table}. */
    static boolean lists(String tables, String table) {
        return tables.lines().map(String::trim).anyMatch(("table inet " + table)::equals);
    }
}
