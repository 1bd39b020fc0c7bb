package dev.firedrill.toxiproxy.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One toxic as configured through the API: immutable, replaced as a whole on update.
 *
 * @param stream the stream exactly as the client sent it (echoed back, case preserved)
 * @param upstream true for client-to-server data, false for server-to-client
 * @param attributes every attribute of the kind, in the kind's order
 */
record ToxicSpec(String name, ToxicKind kind, String stream, boolean upstream, float toxicity,
                 Map<String, Long> attributes) {

    ToxicSpec {
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    long attribute(String key) {
        return attributes.get(key);
    }

    ToxicSpec with(float newToxicity, Map<String, Long> newAttributes) {
        return new ToxicSpec(name, kind, stream, upstream, newToxicity, newAttributes);
    }

    StringBuilder appendJson(StringBuilder out) {
        out.append("{\"attributes\":{");
        boolean first = true;
        for (Map.Entry<String, Long> entry : attributes.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            Json.quote(out, entry.getKey()).append(':').append(entry.getValue());
        }
        out.append("},\"name\":");
        Json.quote(out, name).append(",\"type\":");
        Json.quote(out, kind.wireName).append(",\"stream\":");
        Json.quote(out, stream).append(",\"toxicity\":").append(Json.formatFloat32(toxicity));
        return out.append('}');
    }
}
