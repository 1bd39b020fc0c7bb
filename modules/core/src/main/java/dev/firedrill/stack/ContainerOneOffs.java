package dev.firedrill.stack;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.firedrill.capability.OneOff;
import dev.firedrill.capability.OneOffs;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.ImageNameSubstitutor;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One-off commands in fresh containers of a service's image on the stack network, removed when done; also of the
 * services only defined for one-offs (Compose {@code profiles}), whose image is built or substituted on first use.
 */
final class ContainerOneOffs implements OneOffs {

    private static final Logger LOG = Logger.getLogger(ContainerOneOffs.class.getName());

    private final StackContainers containers;

    ContainerOneOffs(StackContainers containers) {
        this.containers = containers;
    }

    @Override
    public String networkId() {
        return containers.network.getId();
    }

    @Override
    public String imageOf(String service) {
        ServiceDefinition definition = containers.definition.service(service);
        if (definition.startsWithStack()) {
            return containers.container(service).getDockerImageName();
        }
        // Only defined for one-offs: never started, so no container tells its image; chosen as a started one's would be.
        return definition.build().isPresent()
                ? ContextImages.shared().imageOf(containers.definition, definition)
                : ImageNameSubstitutor.instance().apply(DockerImageName.parse(definition.image())).asCanonicalNameString();
    }

    @Override
    public Set<String> services() {
        return containers.definition.services().keySet();
    }

    @Override
    public OneOff.Result run(OneOff oneOff) {
        String service = oneOff.imageOf();
        List<Bind> binds = new ArrayList<>();
        oneOff.volumes().forEach((volume, path) -> binds.add(new Bind(volume, new Volume(path))));
        List<String> env = oneOff.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
        return runContainer(imageOf(service), HostConfig.newHostConfig().withNetworkMode(networkId()).withBinds(binds), env,
                oneOff.user(), oneOff.command(), oneOff.timeout(), service,
                "run one-off '" + String.join(" ", oneOff.command()) + "' in the image of", () -> { });
    }

    /**
     * Runs {@code command} to completion in a fresh container of {@code image}, labelled with the run (so that the sweep
     * removes it should this JVM die meanwhile) and removed when done; {@code service} and {@code step} name it in errors.
     * {@code starting} runs just before the container starts, once it is created.
     */
    OneOff.Result runContainer(String image, HostConfig host, List<String> env, String user, List<String> command,
            Duration timeout, String service, String step, Runnable starting) {
        String id;
        try {
            var create = containers.docker.createContainerCmd(image)
                    .withName(containers.containerName("oneoff", true))
                    .withLabels(containers.labels())
                    .withEnv(env)
                    .withCmd(command)
                    .withHostConfig(host);
            if (user != null) {
                create.withUser(user);
            }
            id = create.exec().getId();
        } catch (RuntimeException e) {
            throw StackException.of(service, step, e);
        }
        try {
            starting.run();
            containers.docker.startContainerCmd(id).exec();
            Integer code = containers.docker.waitContainerCmd(id).start().awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new OneOff.Result(code == null ? -1 : code, logs(id));
        } catch (RuntimeException e) {
            String output = "";
            try {
                output = logs(id);
            } catch (RuntimeException ignored) {
                // nothing to add
            }
            throw new StackException("Could not " + step + " service '" + service + "' within " + timeout + ": "
                    + e.getMessage() + (output.isBlank() ? "" : "\n--- its output ---\n" + StackContainers.tail(output, 30)), e);
        } finally {
            try {
                containers.docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not remove one-off container " + id + ": " + e.getMessage());
            }
        }
    }

    private String logs(String id) {
        StringBuilder out = new StringBuilder();
        try {
            containers.docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(false)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    }).awaitCompletion(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString();
    }
}
