package dev.firedrill.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One task message as an unmodified Celery worker reads it from Redis: Celery's task protocol 2 in kombu's Redis
 * transport envelope. The service is Java, so it writes what Celery's own {@code apply_async} would put on the list:
 * a JSON object with the body ({@code [args, kwargs, embed]}, JSON, base64-encoded), its content type and encoding, the
 * task's headers ({@code task}, {@code id}, {@code root_id}, ...) and kombu's properties ({@code delivery_tag}, the
 * {@code delivery_info} naming the queue's exchange and routing key). The Redis transport pushes it with {@code LPUSH}
 * onto the list named after the queue ({@code celery}) and the worker pops it from the other end.
 *
 * @param task  the registered task's name, e.g. {@code solve}
 * @param id    the task's id, which the worker passes to the task as {@code self.request.id}: here the job's id
 * @param args  the task's positional arguments (JSON values)
 * @param queue the queue (Redis list) and routing key, e.g. {@code celery}
 */
record CeleryMessage(String task, String id, List<Object> args, String queue) {

    /** Celery's default queue; its Redis list has the same name. */
    static final String DEFAULT_QUEUE = "celery";

    CeleryMessage {
        if (task == null || task.isBlank() || id == null || id.isBlank() || queue == null || queue.isBlank()) {
            throw new IllegalArgumentException("a Celery message needs a task name, an id and a queue, got task '" + task
                    + "', id '" + id + "', queue '" + queue + "'");
        }
        args = List.copyOf(args);
    }

    /** The body: {@code [args, kwargs, embed]}, as protocol 2 has it. */
    Object body() {
        Map<String, Object> embed = new LinkedHashMap<>();
        embed.put("callbacks", null);
        embed.put("errbacks", null);
        embed.put("chain", null);
        embed.put("chord", null);
        return List.of(new ArrayList<>(args), Map.of(), embed);
    }

    /** The task's headers (protocol 2: the task's metadata travels in the headers, not the body). */
    Map<String, Object> headers(ObjectMapper json, String origin) throws JsonProcessingException {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("lang", "py");
        headers.put("task", task);
        headers.put("id", id);
        headers.put("shadow", null);
        headers.put("eta", null);
        headers.put("expires", null);
        headers.put("group", null);
        headers.put("group_index", null);
        headers.put("retries", 0);
        headers.put("timelimit", java.util.Arrays.asList(null, null));
        headers.put("root_id", id);
        headers.put("parent_id", null);
        headers.put("argsrepr", json.writeValueAsString(args));
        headers.put("kwargsrepr", "{}");
        headers.put("origin", origin);
        headers.put("ignore_result", true);
        return headers;
    }

    /** The envelope as the Redis list holds it (kombu's Redis transport). */
    String envelope(ObjectMapper json, String origin) {
        try {
            byte[] body = json.writeValueAsBytes(body());
            Map<String, Object> deliveryInfo = new LinkedHashMap<>();
            deliveryInfo.put("exchange", "");
            deliveryInfo.put("routing_key", queue);
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("correlation_id", id);
            properties.put("reply_to", UUID.randomUUID().toString());
            properties.put("delivery_mode", 2);
            properties.put("delivery_info", deliveryInfo);
            properties.put("priority", 0);
            properties.put("body_encoding", "base64");
            properties.put("delivery_tag", UUID.randomUUID().toString());
            Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put("body", Base64.getEncoder().encodeToString(body));
            envelope.put("content-encoding", StandardCharsets.UTF_8.name().toLowerCase(java.util.Locale.ROOT));
            envelope.put("content-type", "application/json");
            envelope.put("headers", headers(json, origin));
            envelope.put("properties", properties);
            return json.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the Celery message of job " + id + " is not serialisable: " + e.getMessage(), e);
        }
    }
}
