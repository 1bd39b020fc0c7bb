package dev.firedrill.stack;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StatsConfig;
import dev.firedrill.capability.ServiceResources;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stack's services' resources ({@link ServiceResources}) through the Docker engine: limits read from the container's
 * host config and changed with {@code docker update} (the engine applies them to the running cgroup, no recreation),
 * memory from one sample of {@code docker stats}, OOM kills from the engine's {@code oom} events of the container, watched
 * live (the engine keeps only its last 256 events, seconds' worth on a busy engine with health checks every 500 ms).
 */
final class ContainerResources implements ServiceResources {

    private static final long STATS_SECONDS = 10;

    private final StackContainers containers;

    ContainerResources(StackContainers containers) {
        this.containers = containers;
    }

    @Override
    public Limits limits(String service) {
        HostConfig host = containers.inspect(service).getHostConfig();
        long memory = host.getMemory() == null ? 0 : host.getMemory();
        long nanoCpus = host.getNanoCPUs() == null ? 0 : host.getNanoCPUs();
        if (nanoCpus == 0 && host.getCpuQuota() != null && host.getCpuQuota() > 0) {
            long period = host.getCpuPeriod() == null || host.getCpuPeriod() == 0 ? 100_000 : host.getCpuPeriod();
            nanoCpus = host.getCpuQuota() * 1_000_000_000L / period;
        }
        return new Limits(memory >= engineMemory() ? 0 : memory, nanoCpus);
    }

    /**
     * {@code docker update --memory B --memory-swap B}. Docker refuses to remove a memory limit once set ("Minimum memory
     * limit allowed is 6MB"), so lifting it sets the engine's whole memory, which {@link #limits} reads back as none.
     */
    @Override
    public void limitMemory(String service, long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("memory limit of '" + service + "' must be 0 (none) or positive, got " + bytes);
        }
        long limit = bytes == 0 ? engineMemory() : bytes;
        containers.act(service, "set the memory limit " + ServiceResources.mebibytes(limit) + " of",
                id -> containers.docker.updateContainerCmd(id).withMemory(limit).withMemorySwap(limit).exec());
    }

    @Override
    public void limitCpus(String service, long nanoCpus) {
        if (nanoCpus <= 0) {
            throw new IllegalArgumentException("CPU limit of '" + service + "' must be positive (billionths of a CPU), got " + nanoCpus);
        }
        containers.act(service, "set the CPU limit of", id -> containers.docker.updateContainerCmd(id).withNanoCPUs(nanoCpus).exec());
    }

    /** Usage minus page cache: {@code cache} under cgroup v1, {@code inactive_file} under v2, as {@code docker stats} shows it. */
    @Override
    public long memoryUsage(String service) {
        AtomicReference<Statistics> sample = new AtomicReference<>();
        containers.act(service, "read the memory statistics of", id -> {
            try (ResultCallback.Adapter<Statistics> callback = containers.docker.statsCmd(id).withNoStream(true)
                    .exec(new ResultCallback.Adapter<>() {
                        @Override
                        public void onNext(Statistics statistics) {
                            sample.compareAndSet(null, statistics);
                        }
                    })) {
                callback.awaitCompletion(STATS_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        MemoryStatsConfig memory = sample.get() == null ? null : sample.get().getMemoryStats();
        if (memory == null || memory.getUsage() == null) {
            throw new StackException("Service '" + service + "': the engine gave no memory statistics (is it running?)");
        }
        StatsConfig stats = memory.getStats();
        long cache = 0;
        if (stats != null) {
            cache = stats.getTotalInactiveFile() != null ? stats.getTotalInactiveFile()
                    : stats.getInactiveFile() != null ? stats.getInactiveFile() : stats.getCache() != null ? stats.getCache() : 0;
        }
        return Math.max(0, memory.getUsage() - cache);
    }

    /** A live subscription to the engine's {@code oom} events of the container, from a second back (the subscription's own start). */
    @Override
    public OomWatch watchOomKills(String service) {
        String id = containers.container(service).getContainerId();
        List<Instant> kills = new java.util.concurrent.CopyOnWriteArrayList<>();
        ResultCallback.Adapter<Event> callback;
        try {
            callback = containers.docker.eventsCmd().withContainerFilter(id).withEventFilter("oom")
                    .withSince(engineTime(Instant.now().minusSeconds(1))).exec(new ResultCallback.Adapter<>() {
                        @Override
                        public void onNext(Event event) {
                            Long nanos = event.getTimeNano();
                            kills.add(nanos != null ? Instant.ofEpochSecond(0, nanos) : Instant.ofEpochSecond(event.getTime()));
                        }
                    });
        } catch (RuntimeException e) {
            throw StackException.of(service, "watch the engine's OOM events of", e);
        }
        return new OomWatch() {
            @Override
            public List<Instant> kills() {
                return kills.stream().sorted(Comparator.naturalOrder()).toList();
            }

            @Override
            public void close() {
                try {
                    callback.close();
                } catch (java.io.IOException | RuntimeException ignored) {
                    // the subscription is gone either way
                }
            }
        };
    }

    /** {@code State.OOMKilled} of the stopped container, at its {@code FinishedAt}. */
    @Override
    public Optional<Instant> lastOomKill(String service) {
        InspectContainerResponse.ContainerState state = containers.inspect(service).getState();
        if (state == null || Boolean.TRUE.equals(state.getRunning()) || !Boolean.TRUE.equals(state.getOOMKilled()) || state.getFinishedAt() == null) {
            return Optional.empty();
        }
        return Optional.of(Instant.parse(state.getFinishedAt()));
    }

    @Override
    public String instance(String service) {
        InspectContainerResponse container = containers.inspect(service);
        return container.getId();
    }

    /** The engine's memory: what a lifted limit is set to. */
    private long engineMemory() {
        Long total = containers.docker.infoCmd().exec().getMemTotal();
        if (total == null || total <= 0) {
            throw new StackException("the Docker engine did not say how much memory it has (docker info: MemTotal)");
        }
        return total;
    }

    /** The engine's time filter: seconds and nanoseconds since the epoch, {@code 1796680980.615541407}. */
    static String engineTime(Instant instant) {
        return instant.getEpochSecond() + "." + String.format("%09d", instant.getNano());
    }
}
