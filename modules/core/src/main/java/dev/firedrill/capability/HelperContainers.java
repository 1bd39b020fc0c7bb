package dev.firedrill.capability;

import dev.firedrill.Capability;
import dev.firedrill.Endpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Helper containers the harness runs beside the system's services, on the system's own network, for as long as a
 * step needs them: the webhook receiver Alertmanager delivers alerts to is one. The services reach a helper by a
 * network alias, the harness through a mapped port, so nothing depends on the services reaching the machine the
 * harness runs on (a firewall there, or an engine on another host, would cut that path). A stack Firedrill started
 * offers it; an external system does not.
 *
 * <p>Each helper is labelled with the run, like the services, so the sweep removes it should the harness die.
 */
public interface HelperContainers extends Capability {

    /** Builds the helper's image if the engine lacks it, starts the helper and waits until it answers. */
    Running start(Helper helper);

    /**
     * A helper container.
     *
     * @param name         a short name, [a-z0-9-]: its network alias is {@code firedrill-<name>}
     * @param repository   the image repository; the tag is a hash of the build context, so a changed file rebuilds it
     * @param buildContext the files of the image, by name, a {@code Dockerfile} among them; it is built with the build
     *                     argument {@code BASE_IMAGE} set to the Debian image the engine has
     * @param port         the port it listens on
     * @param readyPath    an HTTP path that answers 200 once it is ready
     */
    record Helper(String name, String repository, Map<String, byte[]> buildContext, int port, String readyPath) {

        public Helper {
            if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalArgumentException("a helper's name must match [a-z0-9][a-z0-9-]*, got '" + name + "'");
            }
            Objects.requireNonNull(repository, "the helper's image repository");
            buildContext = Map.copyOf(new LinkedHashMap<>(buildContext));
            if (!buildContext.containsKey("Dockerfile")) {
                throw new IllegalArgumentException("helper '" + name + "' has no Dockerfile in its build context " + buildContext.keySet());
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("helper '" + name + "' must listen on a port from 1 to 65535, got " + port);
            }
            if (readyPath == null || !readyPath.startsWith("/")) {
                throw new IllegalArgumentException("helper '" + name + "' needs a ready path starting with '/', got '" + readyPath + "'");
            }
        }

        /** The name the system's services reach it by. */
        public String alias() {
            return "firedrill-" + name;
        }
    }

    /** A helper at work; closing it removes its container. */
    interface Running extends AutoCloseable {

        /** {@code host:port} as the system's services reach it, e.g. {@code firedrill-alert-receiver:9095}. */
        String address();

        /** Where the harness reaches it. */
        Endpoint endpoint();

        @Override
        void close();
    }
}
