package dev.firedrill.toxiproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The official server's flags in Go flag syntax. */
class CommandLineTest {

    @Test
    void defaultsAreLocalhostAnd8474() {
        CommandLine line = CommandLine.parse(new String[0], "localhost");
        assertThat(line.host()).isEqualTo("localhost");
        assertThat(line.port()).isEqualTo("8474");
        assertThat(line.exitCode()).isNull();
    }

    @Test
    void acceptsSpaceEqualsAndDoubleDashForms() {
        CommandLine line = CommandLine.parse(new String[] {"-host", "0.0.0.0", "--port=9000", "-config=/c.json",
                "-seed", "42", "-proxy-metrics", "--runtime-metrics=true"}, "localhost");
        assertThat(line.exitCode()).isNull();
        assertThat(line.host()).isEqualTo("0.0.0.0");
        assertThat(line.port()).isEqualTo("9000");
        assertThat(line.config()).isEqualTo("/c.json");
        assertThat(line.proxyMetrics()).isTrue();
        assertThat(line.runtimeMetrics()).isTrue();
    }

    @Test
    void versionPrintsTheServerVersionAndExitsZero() {
        CommandLine line = CommandLine.parse(new String[] {"-version"}, "localhost");
        assertThat(line.exitCode()).isZero();
        assertThat(line.output()).isEqualTo("toxiproxy-server version 2.12.0\n");
    }

    @Test
    void unknownFlagOrMissingValueExitsTwoWithUsage() {
        CommandLine unknown = CommandLine.parse(new String[] {"-nope"}, "localhost");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.output()).startsWith("flag provided but not defined: -nope\nUsage of toxiproxy-server:");
        assertThat(CommandLine.parse(new String[] {"-port"}, "localhost").output())
                .startsWith("flag needs an argument: -port");
        assertThat(CommandLine.parse(new String[] {"-seed", "x"}, "localhost").exitCode()).isEqualTo(2);
    }

    @Test
    void booleanFlagsDoNotConsumeTheNextArgumentAndParsingStopsAtANonFlag() {
        CommandLine line = CommandLine.parse(new String[] {"-proxy-metrics", "false", "-port", "1"}, "localhost");
        assertThat(line.proxyMetrics()).isTrue();
        assertThat(line.port()).isEqualTo("8474");
    }

    @Test
    void helpExitsZero() {
        assertThat(CommandLine.parse(new String[] {"-h"}, "localhost").exitCode()).isZero();
    }
}
