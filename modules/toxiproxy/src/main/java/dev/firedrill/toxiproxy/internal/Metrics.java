package dev.firedrill.toxiproxy.internal;

import java.lang.management.ManagementFactory;
import java.util.Collection;

/** The /metrics page in Prometheus text format (version 0.0.4). */
final class Metrics {

    private Metrics() {
    }

    static String render(Collection<Proxy> proxies, boolean runtime) {
        StringBuilder out = new StringBuilder();
        out.append("# HELP toxiproxy_proxy_received_bytes_total The total bytes received from a given proxy link\n");
        out.append("# TYPE toxiproxy_proxy_received_bytes_total counter\n");
        for (Proxy proxy : proxies) {
            sample(out, "toxiproxy_proxy_received_bytes_total", "downstream", proxy, proxy.metrics.downstreamReceived.sum());
            sample(out, "toxiproxy_proxy_received_bytes_total", "upstream", proxy, proxy.metrics.upstreamReceived.sum());
        }
        out.append("# HELP toxiproxy_proxy_sent_bytes_total The total bytes sent to a given proxy link\n");
        out.append("# TYPE toxiproxy_proxy_sent_bytes_total counter\n");
        for (Proxy proxy : proxies) {
            sample(out, "toxiproxy_proxy_sent_bytes_total", "downstream", proxy, proxy.metrics.downstreamSent.sum());
            sample(out, "toxiproxy_proxy_sent_bytes_total", "upstream", proxy, proxy.metrics.upstreamSent.sum());
        }
        if (runtime) {
            Runtime jvm = Runtime.getRuntime();
            gauge(out, "jvm_memory_heap_used_bytes", "Heap memory in use", jvm.totalMemory() - jvm.freeMemory());
            gauge(out, "jvm_memory_heap_max_bytes", "Maximum heap memory", jvm.maxMemory());
            gauge(out, "jvm_threads_live", "Live threads", ManagementFactory.getThreadMXBean().getThreadCount());
            gauge(out, "process_uptime_seconds", "Seconds since the server started",
                    ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        }
        return out.toString();
    }

    private static void sample(StringBuilder out, String metric, String direction, Proxy proxy, long value) {
        out.append(metric).append("{direction=\"").append(direction)
                .append("\",listener=\"").append(escape(proxy.listen()))
                .append("\",proxy=\"").append(escape(proxy.name))
                .append("\",upstream=\"").append(escape(proxy.upstream()))
                .append("\"} ").append(value).append('\n');
    }

    private static void gauge(StringBuilder out, String metric, String help, long value) {
        out.append("# HELP ").append(metric).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(metric).append(" gauge\n");
        out.append(metric).append(' ').append(value).append('\n');
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
