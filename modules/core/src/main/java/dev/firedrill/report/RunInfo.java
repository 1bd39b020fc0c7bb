package dev.firedrill.report;

import java.nio.file.Path;
import java.time.Instant;
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
 */
public record RunInfo(String id, Instant startedAt, Path folder, String commit, String host, String engine,
        Map<String, String> images) {

    public RunInfo {
        images = Map.copyOf(images);
    }
}
