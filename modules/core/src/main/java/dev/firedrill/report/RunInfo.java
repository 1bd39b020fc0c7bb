package dev.firedrill.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The run a drill belongs to: id, when it started, where its reports go, and what it ran on.
 *
 * @param id        run id, e.g. {@code 20261122-081500-3fa2}
 * @param folder    {@code reports/<id>/}
 * @param commit    the project's git commit, or {@code null} when unknown
 * @param host      host name
 * @param engine    container engine description, e.g. {@code Docker 20.10.24 (API 1.41)}
 * @param images    service name to image id or digest
 * @param suite     the suite selected ({@code ./drill run <suite>}), or {@code null} when none (a file, the whole catalogue)
 * @param shard     the shard this run is ({@code 2/4}), or {@code null} when the run is not sharded
 * @param shardUnits the units the shard plan gave this shard ({@link ShardPlan}); empty when not sharded
 */
public record RunInfo(String id, Instant startedAt, Path folder, String commit, String host, String engine,
        Map<String, String> images, String suite, Shard shard, List<String> shardUnits) {

    public RunInfo {
        images = Map.copyOf(images);
        shardUnits = List.copyOf(shardUnits);
    }

    /** A run of no particular suite, not sharded. */
    public RunInfo(String id, Instant startedAt, Path folder, String commit, String host, String engine,
            Map<String, String> images) {
        this(id, startedAt, folder, commit, host, engine, images, null, null, List.of());
    }
}
