package dev.firedrill.drills;

import dev.firedrill.Drill;
import dev.firedrill.DrillMeasurements;
import dev.firedrill.ManualClock;
import dev.firedrill.Marker;
import dev.firedrill.Observation;
import dev.firedrill.ObjectiveResult;
import dev.firedrill.Timeline;
import dev.firedrill.Workload;
import dev.firedrill.measure.DrillAnalysis;
import dev.firedrill.measure.Workloads;
import dev.firedrill.spec.DrillFile;
import dev.firedrill.spec.DrillFiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The drill files in drills/ build the same Drill values as the Java drills (one engine, two ways to write a drill). */
public class DrillFilesTest {

    private static final Path DRILLS = Path.of("drills");

    private static Drill file(String name) {
        return DrillFiles.read(DRILLS.resolve(name)).drill();
    }

    /** Every field the runner reads is equal; workloads (not values) compare by name and restore mode. */
    public static void assertSameDrill(Drill fromFile, Drill java) {
        assertThat(fromFile.id()).isEqualTo(java.id());
        assertThat(fromFile.title()).isEqualTo(java.title());
        assertThat(fromFile.suites()).isEqualTo(java.suites());
        assertThat(fromFile.runbook()).isEqualTo(java.runbook());
        assertThat(fromFile.probes()).isEqualTo(java.probes());
        assertThat(fromFile.workloads()).extracting(Workload::name).isEqualTo(java.workloads().stream().map(Workload::name).toList());
        assertThat(fromFile.workloads()).extracting(Workloads::restoreMode)
                .as("how lost writes are judged").isEqualTo(java.workloads().stream().map(Workloads::restoreMode).toList());
        assertThat(fromFile.preparations()).isEqualTo(java.preparations());
        assertThat(fromFile.faults()).isEqualTo(java.faults());
        assertThat(fromFile.hold()).isEqualTo(java.hold());
        assertThat(fromFile.recoveries()).isEqualTo(java.recoveries());
        assertThat(fromFile.objectives()).isEqualTo(java.objectives());
        assertThat(fromFile.trigger()).isEqualTo(java.trigger());
        assertThat(List.of(fromFile.steadyRun(), fromFile.latencyObjective(), fromFile.settle(), fromFile.afterWindow(),
                fromFile.steadyBudget(), fromFile.recoveryBudget()))
                .isEqualTo(List.of(java.steadyRun(), java.latencyObjective(), java.settle(), java.afterWindow(),
                        java.steadyBudget(), java.recoveryBudget()));
    }

    @Test
    void d01FileIsTheJavaD01() {
        assertSameDrill(file("D01-api-service-down.yml"), ApiServiceDownDrill.D01);
    }

    @Test
    void d17FileIsTheJavaD17() {
        assertSameDrill(file("D17-alert-fires-for-dead-api.yml"), AlertFiresDrill.D17);
    }

    @Test
    void d01FileAndJavaD01ReachTheSameVerdictOnTheSameRecording() {
        for (long outageMillis : new long[] {12_000, 60_000}) {   // within the 45 s RTO, then beyond it
            List<ObjectiveResult> fromFile = judge(file("D01-api-service-down.yml"), outageMillis);
            List<ObjectiveResult> java = judge(ApiServiceDownDrill.D01, outageMillis);
            assertThat(fromFile).isEqualTo(java);
            assertThat(fromFile.stream().filter(o -> o.name().startsWith("rto")).findFirst().orElseThrow().passed())
                    .isEqualTo(outageMillis < 45_000);
        }
    }

    /** The RTO objective judged on a write path down for {@code outageMillis} after the disruption. */
    private static List<ObjectiveResult> judge(Drill drill, long outageMillis) {
        ManualClock clock = new ManualClock();
        Timeline timeline = new Timeline(clock);
        for (int i = 0; i < 5; i++) {
            timeline.record(new Observation("write", clock.advanceMillis(100), Duration.ofMillis(10), true, "201"));
        }
        timeline.mark(Marker.STEADY_PROVEN, "", clock.advanceMillis(10));
        timeline.mark(Marker.DISRUPTION, "kill(ledger)", clock.advanceMillis(10));
        timeline.record(new Observation("write", clock.advanceMillis(100), Duration.ofMillis(10), false, "refused"));
        timeline.mark(Marker.RECOVERY_STARTED, "restart(ledger)", clock.advanceMillis(10_000));
        clock.advanceMillis(outageMillis - 10_110);
        for (int i = 0; i < 6; i++) {
            timeline.record(new Observation("write", clock.advanceMillis(100), Duration.ofMillis(10), true, "201"));
        }
        timeline.mark(Marker.END, "", clock.advanceMillis(100));
        DrillMeasurements m = DrillAnalysis.analyse(drill, timeline, null);
        return drill.objectives().stream().filter(o -> o.name().startsWith("rto")).map(o -> o.judge(m)).toList();
    }

    @Test
    void firstAidFilesAreTheJavaDrills() {
        Map<String, Drill> java = Map.of(
                "D02-database-unreachable.yml", FirstAidDrills.d02(),
                "D04-table-lock.yml", FirstAidDrills.d04(),
                "D05-connection-exhaustion.yml", FirstAidDrills.d05(),
                "D06-storage-full.yml", FirstAidDrills.d06(),
                "D07-cache-outage.yml", FirstAidDrills.d07(),
                "D08-cache-memory-full.yml", FirstAidDrills.d08(),
                "D15-upstream-partition.yml", FirstAidDrills.d15());
        java.forEach((name, drill) -> assertSameDrill(file(name), drill));
    }

    @Test
    void pressureFilesAreTheJavaDrills() {
        assertSameDrill(file("D05b-pool-exhausted-by-long-queries.yml"), PressureDrills.d05b());
        assertSameDrill(file("D25-redis-client-exhaustion.yml"), PressureDrills.d25());
        assertSameDrill(file("D26-nightly-backup-worst-case.yml"), ScheduledBackupDrill.D26);
        assertSameDrill(file("D29-backup-that-would-not-restore.yml"), ScheduledBackupDrill.D29);
        assertSameDrill(file("D27-continuous-archive.yml"), ContinuousArchiveDrill.D27);
        assertSameDrill(file("D27-continuous-archive-backup-alone.yml"), ContinuousArchiveDrill.D27_BACKUP_ALONE);
        assertSameDrill(file("D22-high-cpu.yml"), HighCpuDrill.D22);
    }

    @Test
    void d23FileIsTheJavaD23() {
        assertSameDrill(file("D23-memory-leak.yml"), MemoryLeakDrill.d23());
    }

    @Test
    void disasterRecoveryFilesAreTheJavaDrills() {
        assertSameDrill(file("D09-backup-restore.yml"), BackupRestoreDrill.D09);
        assertSameDrill(file("D10-point-in-time-recovery.yml"), PointInTimeRecoveryDrill.D10);
        assertSameDrill(file("D11-failover.yml"), FailoverDrill.D11);
        assertSameDrill(file("D12-cache-snapshot-restore.yml"), CacheSnapshotRestoreDrill.D12);
        assertSameDrill(file("steady-load.yml"), SteadyLoadDrill.STEADY_LOAD);
    }

    /** A can-fail variant of D10 can be written as a file too: the two restore mistakes are procedures. */
    @Test
    void d10RestoreMistakesAreTheJavaVariantsRecoveries() throws Exception {
        String d10 = java.nio.file.Files.readString(DRILLS.resolve("D10-point-in-time-recovery.yml"));
        String canonical = "  - {procedure: restore-to-recovery-point, target: postgres, into: postgres-pitr}";
        assertThat(d10).contains(canonical);
        Map<String, dev.firedrill.Recovery> mistakes = Map.of(
                "restore-to-end-of-archive", dev.firedrill.recovery.Recoveries.restoreToEndOfArchive("postgres", "postgres-pitr"),
                "restore-base-backup-alone", dev.firedrill.recovery.Recoveries.restoreBaseBackupAlone("postgres", "postgres-pitr"));
        mistakes.forEach((procedure, java) -> {
            Drill variant = DrillFiles.parse(Path.of("D10-variant.yml"), d10.replace(canonical, canonical.replace("restore-to-recovery-point", procedure))).drill();
            assertThat(variant.recoveries()).containsExactly(java, dev.firedrill.recovery.Recoveries.repoint("postgres", "postgres-pitr", 5432));
        });
        assertThat(dev.firedrill.recovery.Recoveries.restoreBaseBackupAlone("postgres", "postgres-pitr").name())
                .isEqualTo("restore the base backup alone(postgres into postgres-pitr)");
    }

    /** The proxy toxics, replay pause and synchronous replica of the Java DSL are drill-file kinds too. */
    @Test
    void theLessCommonFaultsAndTheSynchronousReplicaAreWritableAsFiles() throws Exception {
        String d01 = java.nio.file.Files.readString(DRILLS.resolve("D01-api-service-down.yml"));
        String faults = "faults:\n  - kind: kill\n    target: ledger\n";
        assertThat(d01).contains(faults);
        Drill drill = DrillFiles.parse(Path.of("D01-variant.yml"), d01.replace(faults, """
                preparations:
                  - {kind: synchronous-replica, target: postgres-replica, primary: postgres}
                faults:
                  - {kind: slow-close, target: postgres, delay: 2s}
                  - {kind: slicing, target: postgres, average-bytes: 64, variation-bytes: 16, delay: 1ms}
                  - {kind: slicing, target: redis, average-bytes: 100}
                  - {kind: data-limit, target: redis, bytes: 2048}
                  - {kind: pause-replay, target: postgres-replica}
                """)).drill();
        assertThat(drill.preparations()).containsExactly(dev.firedrill.recovery.Backups.synchronousReplica("postgres-replica", "postgres"));
        assertThat(drill.faults()).containsExactly(
                dev.firedrill.fault.Faults.slowClose("postgres", Duration.ofSeconds(2)),
                dev.firedrill.fault.Faults.slicing("postgres", 64, 16, Duration.ofMillis(1)),
                dev.firedrill.fault.Faults.slicing("redis", 100, 0, Duration.ZERO),
                dev.firedrill.fault.Faults.dataLimit("redis", 2048),
                dev.firedrill.fault.Faults.pauseReplay("postgres-replica"));
    }

    @Test
    void releaseRollingRestartAndCertificateFilesAreTheJavaDrills() {
        assertSameDrill(file("D30-blue-green-swap.yml"), BlueGreenSwapDrill.d30());
        assertSameDrill(file("D13-bad-release-rollback.yml"), BadReleaseRollbackDrill.d13());
        assertThat(DrillFiles.read(DRILLS.resolve("D13-bad-release-rollback.yml")).stack().setup())
                .as("the Java drill's @BeforeEach: release 1.0.0 on schema 0003")
                .containsExactly(dev.firedrill.release.ReleaseSteps.deploy("ledger", "firedrill/ledger:1.0.0"),
                        dev.firedrill.release.Migrations.migrate("0003"));
        assertSameDrill(file("D19-zero-downtime-migration.yml"), ZeroDowntimeMigrationDrill.d19());
        assertThat(DrillFiles.read(DRILLS.resolve("D19-zero-downtime-migration.yml")).stack().setup())
                .as("the Java drill's @BeforeEach: release 1.0.0 on schema 0001, not in maintenance")
                .containsExactly(dev.firedrill.release.ReleaseSteps.deploy("ledger", "firedrill/ledger:1.0.0"),
                        dev.firedrill.release.MaintenanceMode.off("ledger"), dev.firedrill.release.Migrations.migrate("0001"));
        assertSameDrill(file("D18-minor-version-update.yml"), MinorVersionUpdateDrill.d18());
        assertThat(DrillFiles.read(DRILLS.resolve("D18-minor-version-update.yml")).stack().setup())
                .as("the Java drill's @BeforeEach: release 1.0.0 on schema 0001")
                .containsExactly(dev.firedrill.release.ReleaseSteps.deploy("ledger", "firedrill/ledger:1.0.0"),
                        dev.firedrill.release.Migrations.migrate("0001"));
        assertSameDrill(file("D20-full-rollback.yml"), FullRollbackDrill.d20());
        assertThat(DrillFiles.read(DRILLS.resolve("D20-full-rollback.yml")).stack().setup())
                .as("the Java drill's @BeforeEach: release 1.0.1 on schema 0003")
                .containsExactly(dev.firedrill.release.Migrations.migrate("0003"),
                        dev.firedrill.release.ReleaseSteps.deploy("ledger", "firedrill/ledger:1.0.1"));
        assertSameDrill(file("D21-scheduled-maintenance.yml"), ScheduledMaintenanceDrill.d21());
        assertThat(DrillFiles.read(DRILLS.resolve("D21-scheduled-maintenance.yml")).stack().setup())
                .as("the Java drill's @BeforeEach: release 1.0.0, maintenance off")
                .containsExactly(dev.firedrill.release.ReleaseSteps.deploy("ledger", "firedrill/ledger:1.0.0"),
                        dev.firedrill.release.MaintenanceMode.off("ledger"));
        assertSameDrill(file("D14-rolling-restart.yml"), RollingRestartDrill.D14);
        assertSameDrill(file("D16-certificate-expiry.yml"), CertificateExpiryDrill.d16());
        assertThat(DrillFiles.read(DRILLS.resolve("D14-rolling-restart.yml")).stack().setup())
                .as("the Java drill's @BeforeEach: clients reach lb, both instances in rotation")
                .containsExactly(dev.firedrill.recovery.Recoveries.repoint("ledger", "lb", 8080),
                        dev.firedrill.recovery.Recoveries.rotation("lb", "ledger", "ledger-b"));
    }

    @Test
    void d03FileIsTheJavaD03WithTheCatalogueLatencyFault() {
        Drill fromFile = file("D03-database-latency-under-load.yml");
        assertThat(fromFile.faults()).containsExactly(dev.firedrill.fault.Faults.latency("postgres", Duration.ofMillis(800))
                .jitter(Duration.ofMillis(200)));
        assertSameDrill(fromFile, DatabaseLatencyUnderLoadDrill.D03);
    }

    @Test
    void checkoutFileIsTheJavaDrillWithTheShopsOwnSimulation() {
        Drill fromFile = file("checkout-under-load.yml");
        assertThat(fromFile.objectives()).extracting(dev.firedrill.Objective::name).first()
                .as("the simulation's assertions, judged beside the file's objectives").isEqualTo("gatling-assertions(CheckoutSimulation)");
        assertSameDrill(fromFile, com.example.shop.CheckoutLoadDrill.CHECKOUT);
    }

    /** Each catalogue drill runs once in its suites: its file; the Java drill of the same drill is an example in no suite. */
    @Test
    void everyDrillFileHasExactlyOneJavaDrillStandingAsideForIt() {
        List<Class<?>> classes = List.of(ApiServiceDownDrill.class, SmokeFirstAidDrillsIT.class, DatabaseLatencyUnderLoadDrill.class,
                ConnectionExhaustionDrillIT.class, StorageFullDrillIT.class, CacheDrillsIT.class, BackupRestoreDrill.class, PointInTimeRecoveryDrill.class,
                FailoverDrill.class, CacheSnapshotRestoreDrill.class,
                BlueGreenSwapDrill.class, RollingRestartDrill.class, PartitionDrillIT.class, CertificateExpiryDrill.class, SteadyLoadDrill.class,
                com.example.shop.CheckoutLoadDrill.class, AlertFiresDrill.class, BadReleaseRollbackDrill.class,
                PressureDrillsIT.class, MemoryLeakDrillIT.class, HighCpuDrill.class, QueueDrillsIT.class,
                ZeroDowntimeMigrationDrill.class, MinorVersionUpdateDrill.class, FullRollbackDrill.class, ScheduledMaintenanceDrill.class,
                ScheduledBackupDrill.class, ContinuousArchiveDrill.class, WholeSystemRestoreDrillIT.class);
        List<String> marked = new java.util.ArrayList<>();
        for (Class<?> c : classes) {
            for (var m : c.getDeclaredMethods()) {
                var a = m.getAnnotation(dev.firedrill.junit.WrittenAsFile.class);
                if (a != null) {
                    marked.add(a.value());
                    assertThat(suiteTags(c, m)).as(c.getSimpleName() + "." + m.getName() + " (the Java form of " + a.value()
                            + ") carries no suite tag, on itself or its class: the file is the suite member").isEmpty();
                }
            }
        }
        assertThat(marked).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(DrillFiles.list(DRILLS).stream().map(p -> "drills/" + p.getFileName()).toList());
    }

    private static List<String> suiteTags(Class<?> type, java.lang.reflect.Method method) {
        List<String> tags = new java.util.ArrayList<>();
        for (var element : List.<java.lang.reflect.AnnotatedElement>of(type, method)) {
            org.junit.platform.commons.support.AnnotationSupport.findRepeatableAnnotations(element, org.junit.jupiter.api.Tag.class)
                    .stream().map(org.junit.jupiter.api.Tag::value).filter(tag -> !dev.firedrill.Drill.RESERVED_TAGS.contains(tag)).forEach(tags::add);
        }
        return tags;
    }

    @Test
    void everyDrillFileReadsAndNamesItsStack() {
        List<Path> files = DrillFiles.list(DRILLS);
        assertThat(files).hasSizeGreaterThanOrEqualTo(12);
        for (Path f : files) {
            DrillFile read = DrillFiles.read(f);
            read.stack().compose().forEach(compose -> assertThat(Path.of(compose)).as(f + " names an existing compose file").exists());
            assertThat(read.drill().suites()).as(f + " is in a suite").isNotEmpty();
        }
    }

    @Test
    void queueFilesAreTheJavaDrills() {
        assertSameDrill(file("D24-queue-backlog.yml"), QueueDrills.d24());
        assertSameDrill(file("D24-queue-backlog-no-scale-out.yml"), QueueDrills.d24WithoutScaleOut());
        assertThat(file("D24-queue-backlog-no-scale-out.yml").mustMiss()).isEqualTo(QueueDrills.d24WithoutScaleOut().mustMiss()).containsExactly("ttr(queue)");
    }

    @Test
    void wholeSystemFilesAreTheJavaDrills() {
        assertSameDrill(file("D28-whole-system-restore.yml"), WholeSystemRestoreDrills.d28());
        assertSameDrill(file("D28-database-only.yml"), WholeSystemRestoreDrills.d28DatabaseOnly());
        assertThat(file("D28-database-only.yml").mustMiss()).isEqualTo(WholeSystemRestoreDrills.d28DatabaseOnly().mustMiss())
                .containsExactly("system-consistent");
    }
}
