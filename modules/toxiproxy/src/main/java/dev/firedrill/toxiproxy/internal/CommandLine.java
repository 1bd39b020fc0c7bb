package dev.firedrill.toxiproxy.internal;

import java.util.Locale;
import java.util.Set;

/**
 * The official server's flags in Go {@code flag} syntax: {@code -flag value}, {@code -flag=value},
 * {@code --flag=value}; boolean flags take no separate value ({@code -flag} or {@code -flag=false}).
 * Parsing stops at the first non-flag argument or at {@code --}.
 */
public final class CommandLine {
    private static final Set<String> VALUE_FLAGS = Set.of("host", "port", "config", "seed");
    private static final Set<String> BOOLEAN_FLAGS = Set.of("version", "proxy-metrics", "runtime-metrics");

    private String host;
    private String port = "8474";
    private String config;
    private boolean proxyMetrics;
    private boolean runtimeMetrics;
    private Integer exitCode;
    private String output = "";

    private CommandLine(String defaultHost) {
        this.host = defaultHost;
    }

    /** Parses {@code args}; when the process should end at once, {@link #exitCode()} says how. */
    public static CommandLine parse(String[] args, String defaultHost) {
        CommandLine line = new CommandLine(defaultHost);
        line.read(args);
        return line;
    }

    private void read(String[] args) {
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--") || !arg.startsWith("-") || arg.equals("-")) {
                break;
            }
            String flag = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            String value = null;
            int equals = flag.indexOf('=');
            if (equals >= 0) {
                value = flag.substring(equals + 1);
                flag = flag.substring(0, equals);
            }
            if (flag.equals("h") || flag.equals("help")) {
                exit(0, usage());
                return;
            }
            if (BOOLEAN_FLAGS.contains(flag)) {
                Boolean on = value == null ? Boolean.TRUE : parseBool(value);
                if (on == null) {
                    exit(2, "invalid boolean value \"" + value + "\" for -" + flag + ": parse error\n" + usage());
                    return;
                }
                switch (flag) {
                    case "version" -> version = on;
                    case "proxy-metrics" -> proxyMetrics = on;
                    default -> runtimeMetrics = on;
                }
                continue;
            }
            if (!VALUE_FLAGS.contains(flag)) {
                exit(2, "flag provided but not defined: -" + flag + "\n" + usage());
                return;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    exit(2, "flag needs an argument: -" + flag + "\n" + usage());
                    return;
                }
                value = args[++i];
            }
            switch (flag) {
                case "host" -> host = value;
                case "port" -> port = value;
                case "config" -> config = value;
                default -> {
                    try {
                        Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        exit(2, "invalid value \"" + value + "\" for flag -seed: parse error\n" + usage());
                        return;
                    }
                }
            }
        }
        if (version) {
            exit(0, "toxiproxy-server version " + ApiRoutes.VERSION + "\n");
        }
    }

    private static Boolean parseBool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "t", "true" -> Boolean.TRUE;
            case "0", "f", "false" -> Boolean.FALSE;
            default -> null;
        };
    }

    private void exit(int code, String text) {
        exitCode = code;
        output = text;
    }

    private static String usage() {
        return """
                Usage of toxiproxy-server:
                  -config string
                    \tJSON file containing proxies to create on startup
                  -host string
                    \tHost for toxiproxy's API to listen on (default "localhost")
                  -port string
                    \tPort for toxiproxy's API to listen on (default "8474")
                  -proxy-metrics
                    \tenable metrics for proxy
                  -runtime-metrics
                    \tenable runtime-related metrics
                  -seed int
                    \tSeed for randomizing toxics with
                  -version
                    \tshow version of toxiproxy server
                """;
    }

    public String host() {
        return host;
    }

    public String port() {
        return port;
    }

    public String config() {
        return config;
    }

    public boolean proxyMetrics() {
        return proxyMetrics;
    }

    public boolean runtimeMetrics() {
        return runtimeMetrics;
    }

    /** Null to run the server; otherwise print {@link #output()} and exit with this code. */
    public Integer exitCode() {
        return exitCode;
    }

    public String output() {
        return output;
    }
}
