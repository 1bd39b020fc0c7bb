package dev.firedrill.recovery;

import dev.firedrill.Capability;
import java.util.Set;
import dev.firedrill.capability.OneOffs;
import dev.firedrill.capability.ServiceFiles;
import dev.firedrill.capability.Network;

import static dev.firedrill.recovery.SystemParts.*;

import dev.firedrill.Preparation;
import dev.firedrill.SystemUnderTest;
import dev.firedrill.Timeline;
import dev.firedrill.capability.OneOff;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The base backup of a point-in-time recovery (seed 004 §Point-in-Time Recovery): checks that the
 * server archives WAL ({@code archive_mode} on, segments archived, none failing), then runs
 * {@code pg_basebackup -Ft -X stream} in a one-off container of the service's image into the backups
 * volume, folder {@code <service>-base-<UTC time>} (base.tar and pg_wal.tar).
 */
record BaseBackup(String service) implements Preparation {

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Override
    public String name() {
        return "base backup(" + service + ")";
    }

    @Override
    public Set<Class<? extends Capability>> requires() {
        return Set.of(OneOffs.class, ServiceFiles.class, Network.class);
    }

    @Override
    public void validate(SystemUnderTest system) {
        system.requireService(service, name());
    }

    @Override
    public String run(SystemUnderTest system, Timeline timeline) {
        Steps steps = new Steps(name());
        PostgresLogin login = PostgresLogin.of(system, service);
        String archiving = steps.run("check WAL archiving", () -> checkArchiving(system, login));
        String volume = steps.run("prepare the backups volume", () -> BackupStore.writableVolume(system, service));
        String folder = service + "-base-" + FILE_TIME.format(timeline.clock().now().wall());
        long start = System.nanoTime();
        String size = steps.run("pg_basebackup", () -> {
            OneOff.Result copy = oneOffs(system).run(OneOff.of(service, "bash", "-c",
                            "set -euo pipefail; mkdir \"/backups/$FOLDER.part\"; pg_basebackup -h \"$PGHOST\" -D \"/backups/$FOLDER.part\""
                                    + " -Ft -X stream -c fast; mv \"/backups/$FOLDER.part\" \"/backups/$FOLDER\"; du -sb \"/backups/$FOLDER\" | cut -f1")
                    .asUser("postgres")
                    .withEnv(login.environment())
                    .withEnv(Map.of("PGHOST", network(system).address(service), "FOLDER", folder))
                    .withVolume(volume, BackupStore.PATH)
                    .within(Duration.ofMinutes(5)));
            if (!copy.succeeded()) {
                throw new IllegalStateException("pg_basebackup exited " + copy.exitCode() + ": " + copy.output().strip());
            }
            java.util.List<String> lines = copy.output().strip().lines().toList();
            return lines.isEmpty() ? "?" : lines.get(lines.size() - 1);
        });
        long millis = (System.nanoTime() - start) / 1_000_000;
        timeline.note("backup", "base backup " + folder);
        return "base backup " + folder + " (" + size + " bytes) in " + millis + " ms; " + archiving;
    }

    private String checkArchiving(SystemUnderTest system, PostgresLogin login) {
        try (Connection c = login.connect(system, service); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT current_setting('archive_mode')")) {
                rs.next();
                if (!"on".equals(rs.getString(1)) && !"always".equals(rs.getString(1))) {
                    throw new IllegalStateException("WAL archiving is off on '" + service + "' (archive_mode = " + rs.getString(1)
                            + "); a point-in-time recovery needs archive_mode=on and an archive_command from the server's start");
                }
            }
            return "WAL archiving works: " + WalArchive.switchAndAwaitArchived(s).archiver();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
