package dev.firedrill.toxiproxy.internal;

import java.util.List;
import java.util.Map;

/** The toxic types the server knows, with their attributes in the order they are reported. */
enum ToxicKind {
    LATENCY("latency", "LatencyToxic", "latency", "jitter"),
    BANDWIDTH("bandwidth", "BandwidthToxic", "rate"),
    SLOW_CLOSE("slow_close", "SlowCloseToxic", "delay"),
    TIMEOUT("timeout", "TimeoutToxic", "timeout"),
    RESET_PEER("reset_peer", "ResetToxic", "timeout"),
    SLICER("slicer", "SlicerToxic", "average_size", "size_variation", "delay"),
    LIMIT_DATA("limit_data", "LimitDataToxic", "bytes"),
    NOOP("noop", "NoopToxic");

    /**
     * Attribute values above this crash or hang the official server; this one refuses them with a 400
     * (docs/fault-proxy.md).
     */
    static final long MAX_ATTRIBUTE = 1L << 31;

    final String wireName;
    final String goStruct;
    final List<String> attributes;

    ToxicKind(String wireName, String goStruct, String... attributes) {
        this.wireName = wireName;
        this.goStruct = goStruct;
        this.attributes = List.of(attributes);
    }

    /** The kind registered under {@code name} (case-sensitive, as in the official registry), or null. */
    static ToxicKind byWireName(String name) {
        for (ToxicKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        return null;
    }

    /**
     * Why these attribute values are refused, or null when they are fine. Only values that crash, hang
     * or break the official server are refused; everything it handles is accepted as it does.
     */
    String rejection(Map<String, Long> values) {
        for (Map.Entry<String, Long> entry : values.entrySet()) {
            if (entry.getValue() > MAX_ATTRIBUTE) {
                return wireName + " attribute " + entry.getKey() + " is " + entry.getValue()
                        + "; values above " + MAX_ATTRIBUTE + " are not accepted";
            }
        }
        if (this == BANDWIDTH && values.get("rate") < 0) {
            return "bandwidth attribute rate is " + values.get("rate")
                    + "; it must be 0 (stall) or more (KB/s)";
        }
        if (this == SLICER) {
            long average = values.get("average_size");
            long variation = values.get("size_variation");
            for (String size : new String[] {"average_size", "size_variation"}) {
                if (values.get(size) < 0) {
                    return "slicer attribute " + size + " is " + values.get(size)
                            + "; sizes are 0 or more bytes (average_size 0: the data passes unsliced)";
                }
            }
            if (variation > average) {
                return "slicer attribute size_variation " + variation + " is larger than average_size "
                        + average + "; it must be at most average_size";
            }
        }
        return null;
    }
}
