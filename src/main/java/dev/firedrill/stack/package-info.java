/**
 * The container stack: read a Compose file (a documented subset plus {@code x-firedrill}), start it on one Docker
 * network with the fault proxy wired in front of the proxied services, choose public or locally built images,
 * control its services (kill, stop, restart, pause, partition), its volumes and one-off containers, and sweep
 * the leftovers of dead runs. See {@code docs/stack.md}.
 *
 * <p>May depend on: the root package, Testcontainers, docker-java, Jackson YAML.
 */
package dev.firedrill.stack;
