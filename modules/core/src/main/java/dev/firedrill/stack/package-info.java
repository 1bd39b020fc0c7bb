/**
 * The container stack: read a Compose file, or several merged in order (a documented subset plus {@code x-firedrill}), start it on one Docker
 * network with the fault proxy wired in front of the proxied services, choose public or locally built images,
 * and offer every capability on it, each a class of its own ({@code ContainerProcesses}, {@code ContainerFiles},
 * {@code ContainerOneOffs}, {@code StackNetwork}, {@code StackFaultProxy}, {@code StackSqlSessions}) composed by
 * {@link dev.firedrill.stack.Stack}; sweep the leftovers of dead runs. See {@code docs/stack.md}.
 *
 * <p>May depend on: the root package, {@code capability}, Testcontainers, docker-java, Jackson YAML. Nothing outside
 * the harness's set-up (the JUnit extension, the drill-file suite) depends on it: faults and procedures ask for
 * capabilities.
 */
package dev.firedrill.stack;
