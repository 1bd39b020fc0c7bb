package dev.firedrill.toxiproxy.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Host:port strings handled the way Go's net package splits, resolves and prints them. */
final class Addresses {

    private Addresses() {
    }

    /** A listen or upstream address that could not be used; the message reads like Go's. */
    static final class AddressException extends Exception {
        AddressException(String message) {
            super(message);
        }
    }

    /** A resolved TCP address; {@code host == null} means every interface. */
    record Resolved(InetAddress host, int port) {
        InetSocketAddress socketAddress() {
            return host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
        }

        /** Go's TCPAddr.String() of the address before binding ({@code :0} for all interfaces). */
        String text() {
            return host == null ? ":" + port : join(host, port);
        }
    }

    /** Splits and resolves {@code address} (Go's net.ResolveTCPAddr); the host is looked up now. */
    static Resolved resolve(String address) throws AddressException {
        if (address.isEmpty()) {
            return new Resolved(null, 0);
        }
        String[] hostPort = split(address);
        int port = port(address, hostPort[1]);
        String host = hostPort[0];
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
            return new Resolved(null, port);
        }
        try {
            return new Resolved(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new AddressException("lookup " + host + ": no such host");
        }
    }

    /** The address as Go prints a bound listener: wildcard binds show as {@code [::]:port}. */
    static String boundText(InetSocketAddress bound) {
        InetAddress address = bound.getAddress();
        if (address == null || address.isAnyLocalAddress()) {
            return "[::]:" + bound.getPort();
        }
        return join(address, bound.getPort());
    }

    static String join(InetAddress address, int port) {
        if (address instanceof Inet6Address) {
            return "[" + compress(address.getHostAddress()) + "]:" + port;
        }
        return address.getHostAddress() + ":" + port;
    }

    /** Go's net.SplitHostPort: {@code [host, port]}. */
    static String[] split(String address) throws AddressException {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new AddressException("address " + address + ": missing port in address");
        }
        String host = address.substring(0, colon);
        String port = address.substring(colon + 1);
        if (host.startsWith("[")) {
            if (!host.endsWith("]")) {
                throw new AddressException("address " + address + ": missing ']' in address");
            }
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new AddressException("address " + address + ": too many colons in address");
        }
        return new String[] {host, port};
    }

    private static int port(String address, String port) throws AddressException {
        if (port.isEmpty()) {
            return 0;
        }
        try {
            int value = Integer.parseInt(port);
            if (value < 0 || value > 65535) {
                throw new AddressException("address " + address + ": invalid port");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new AddressException("lookup tcp/" + port + ": unknown port");
        }
    }

    private static String compress(String ipv6) {
        String text = ipv6.contains("%") ? ipv6.substring(0, ipv6.indexOf('%')) : ipv6;
        try {
            byte[] bytes = InetAddress.getByName(text).getAddress();
            int[] groups = new int[8];
            for (int i = 0; i < 8; i++) {
                groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
            }
            int bestStart = -1;
            int bestLength = 0;
            for (int i = 0; i < 8; ) {
                int j = i;
                while (j < 8 && groups[j] == 0) {
                    j++;
                }
                if (j - i > bestLength && j - i >= 2) {
                    bestStart = i;
                    bestLength = j - i;
                }
                i = j == i ? i + 1 : j;
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                if (i == bestStart) {
                    out.append("::");
                    i += bestLength - 1;
                    continue;
                }
                if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                    out.append(':');
                }
                out.append(Integer.toHexString(groups[i]));
            }
            return out.toString();
        } catch (UnknownHostException e) {
            return text;
        }
    }
}
