package dev.firedrill.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerMetricsTest {

    @Test
    void countsRequestsByMethodRouteAndStatus() {
        LedgerMetrics metrics = new LedgerMetrics();
        metrics.request("POST", "/entries", 201, 3_000_000);
        metrics.request("POST", "/entries", 201, 4_000_000);
        metrics.request("POST", "/entries", 503, 2_000_000_000L);

        String text = metrics.render(new PoolSnapshot(2, 8, 0, 10, 10), "A");

        assertThat(text).contains("# TYPE ledger_http_requests_total counter\n")
                .contains("ledger_http_requests_total{method=\"POST\",route=\"/entries\",status=\"201\"} 2\n")
                .contains("ledger_http_requests_total{method=\"POST\",route=\"/entries\",status=\"503\"} 1\n");
    }

    @Test
    void rendersACumulativeLatencyHistogramEndingInTheCount() {
        LedgerMetrics metrics = new LedgerMetrics();
        metrics.request("GET", "/entries/{id}", 200, 3_000_000);     // 3 ms
        metrics.request("GET", "/entries/{id}", 200, 30_000_000);    // 30 ms
        metrics.request("GET", "/entries/{id}", 200, 30_000_000_000L); // 30 s: only +Inf

        String text = metrics.render(PoolSnapshot.NOT_STARTED, "A");
        String labels = "method=\"GET\",route=\"/entries/{id}\"";

        assertThat(text).contains("# TYPE ledger_http_request_duration_seconds histogram\n")
                .contains("ledger_http_request_duration_seconds_bucket{" + labels + ",le=\"0.005\"} 1\n")
                .contains("ledger_http_request_duration_seconds_bucket{" + labels + ",le=\"0.025\"} 1\n")
                .contains("ledger_http_request_duration_seconds_bucket{" + labels + ",le=\"0.05\"} 2\n")
                .contains("ledger_http_request_duration_seconds_bucket{" + labels + ",le=\"10.0\"} 2\n")
                .contains("ledger_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} 3\n")
                .contains("ledger_http_request_duration_seconds_count{" + labels + "} 3\n")
                .contains("ledger_http_request_duration_seconds_sum{" + labels + "} 30.033");
    }

    @Test
    void showsPoolStatesAndCacheCounters() {
        LedgerMetrics metrics = new LedgerMetrics();
        metrics.cacheHit();
        metrics.cacheHit();
        metrics.cacheMiss();

        String text = metrics.render(new PoolSnapshot(3, 7, 1, 10, 10), "B");

        assertThat(text).contains("ledger_db_pool_connections{state=\"active\"} 3\n")
                .contains("ledger_db_pool_connections{state=\"idle\"} 7\n")
                .contains("ledger_db_pool_connections{state=\"pending\"} 1\n")
                .contains("ledger_db_pool_max_connections 10\n")
                .contains("ledger_cache_hits_total 2\n")
                .contains("ledger_cache_misses_total 1\n")
                .contains("ledger_release_info{release=\"B\"} 1\n");
    }

    @Test
    void everySampleLineIsANameOptionalLabelsAndANumber() {
        LedgerMetrics metrics = new LedgerMetrics();
        metrics.request("GET", "/health", 200, 1_000);
        List<String> samples = Arrays.stream(metrics.render(PoolSnapshot.NOT_STARTED, "quote\"d").split("\n"))
                .filter(line -> !line.startsWith("#"))
                .toList();

        assertThat(samples).isNotEmpty().allSatisfy(line ->
                assertThat(line).matches("[a-z_]+(\\{([a-z_]+=\"([^\"\\\\]|\\\\.)*\",?)+\\})? [0-9.eE+-]+"));
    }

    @Test
    void exportsTheProcessCpuTimeAsTheStandardCounter() {
        String text = new LedgerMetrics(() -> 1_250_000_000L).render(PoolSnapshot.NOT_STARTED, "A");

        assertThat(text).contains("# TYPE process_cpu_seconds_total counter\n")
                .contains("\nprocess_cpu_seconds_total 1.25\n");
    }

    @Test
    void leavesTheCpuCounterOutWhenThePlatformCannotReadIt() {
        assertThat(new LedgerMetrics(() -> -1).render(PoolSnapshot.NOT_STARTED, "A")).doesNotContain("process_cpu_seconds_total");
    }

    @Test
    void readsThisJvmsCpuTimeWhichGrowsWithWork() {
        LedgerMetrics metrics = new LedgerMetrics();
        double before = cpuSeconds(metrics.render(PoolSnapshot.NOT_STARTED, "A"));
        long spin = System.nanoTime() + 200_000_000L;
        long sink = 0;
        while (System.nanoTime() < spin) {
            sink += Long.numberOfTrailingZeros(sink + System.nanoTime());
        }
        double after = cpuSeconds(metrics.render(PoolSnapshot.NOT_STARTED, "A"));

        assertThat(before).as("CPU time of this JVM so far").isPositive();
        assertThat(after - before).as("after 200 ms of busy work (%d)", sink).isGreaterThan(0.05);
    }

    private static double cpuSeconds(String text) {
        return Arrays.stream(text.split("\n")).filter(l -> l.startsWith("process_cpu_seconds_total "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElseThrow();
    }

    @Test
    void exportsTheWriteStatusesAtZeroFromTheStart() {
        String text = new LedgerMetrics().render(PoolSnapshot.NOT_STARTED, "A");

        for (int status : new int[] {200, 201, 500, 503}) {
            assertThat(text).contains("ledger_http_requests_total{method=\"POST\",route=\"/entries\",status=\"" + status + "\"} 0\n");
        }
    }

    @Test
    void namesTheVersionTheModeAndThePartitions() {
        WritePartitions partitions = new WritePartitions(8);
        partitions.assign(13);
        String text = new LedgerMetrics().render(PoolSnapshot.NOT_STARTED, "A", Release.V2_0_0, MaintenanceMode.READONLY, partitions);

        assertThat(text).contains("ledger_build_info{version=\"2.0.0\",release=\"A\"} 1\n")
                .contains("ledger_maintenance_mode{mode=\"off\"} 0\n")
                .contains("ledger_maintenance_mode{mode=\"readonly\"} 1\n")
                .contains("ledger_maintenance_mode{mode=\"maintenance\"} 0\n")
                .contains("ledger_write_partition_entries_total{partition=\"3\"} 1\n")
                .contains("ledger_write_partition_entries_total{partition=\"7\"} 0\n");
        assertThat(new LedgerMetrics().render(PoolSnapshot.NOT_STARTED, "A")).contains("ledger_build_info{version=\"1.0.0\",release=\"A\"} 1\n")
                .doesNotContain("ledger_write_partition");
    }
}
