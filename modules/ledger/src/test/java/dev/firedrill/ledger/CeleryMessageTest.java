package dev.firedrill.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The envelope as kombu's Redis transport and Celery's task protocol 2 read it (the worker is checked in QueueIT). */
class CeleryMessageTest {

    private final ObjectMapper json = new ObjectMapper();

    private JsonNode envelope() throws Exception {
        return json.readTree(new CeleryMessage("solve", "job-1", List.of(50_000), "celery").envelope(json, "ledger@host"));
    }

    @Test
    void envelopeHasKombusFieldsWithABase64JsonBody() throws Exception {
        JsonNode envelope = envelope();
        assertThat(envelope.fieldNames()).toIterable().containsExactlyInAnyOrder("body", "content-encoding", "content-type", "headers", "properties");
        assertThat(envelope.get("content-type").asText()).isEqualTo("application/json");
        assertThat(envelope.get("content-encoding").asText()).isEqualTo("utf-8");
        JsonNode properties = envelope.get("properties");
        assertThat(properties.get("body_encoding").asText()).isEqualTo("base64");
        assertThat(properties.get("delivery_info").get("routing_key").asText()).isEqualTo("celery");
        assertThat(properties.get("delivery_info").get("exchange").asText()).isEmpty();
        assertThat(properties.get("delivery_tag").asText()).isNotBlank();
        assertThat(properties.get("correlation_id").asText()).isEqualTo("job-1");
        assertThat(properties.get("priority").asInt()).isZero();
    }

    @Test
    void bodyIsArgsKwargsEmbed() throws Exception {
        JsonNode body = json.readTree(Base64.getDecoder().decode(envelope().get("body").asText()));
        assertThat(body.isArray()).isTrue();
        assertThat(body.size()).isEqualTo(3);
        assertThat(body.get(0).get(0).asInt()).isEqualTo(50_000);
        assertThat(body.get(1).isObject() && body.get(1).isEmpty()).isTrue();
        assertThat(body.get(2).fieldNames()).toIterable().containsExactlyInAnyOrder("callbacks", "errbacks", "chain", "chord");
    }

    @Test
    void headersCarryTheTaskAndItsIdAsProtocolTwoHasThem() throws Exception {
        JsonNode headers = envelope().get("headers");
        assertThat(headers.get("lang").asText()).isEqualTo("py");
        assertThat(headers.get("task").asText()).isEqualTo("solve");
        assertThat(headers.get("id").asText()).isEqualTo("job-1");
        assertThat(headers.get("root_id").asText()).isEqualTo("job-1");
        assertThat(headers.get("parent_id").isNull()).isTrue();
        assertThat(headers.get("retries").asInt()).isZero();
        assertThat(headers.get("timelimit").size()).isEqualTo(2);
        assertThat(headers.get("argsrepr").asText()).isEqualTo("[50000]");
        assertThat(headers.get("origin").asText()).isEqualTo("ledger@host");
    }

    @Test
    void eachMessageHasItsOwnDeliveryTag() throws Exception {
        assertThat(envelope().get("properties").get("delivery_tag")).isNotEqualTo(envelope().get("properties").get("delivery_tag"));
    }

    @Test
    void aMessageWithoutTaskOrIdIsRefused() {
        assertThatThrownBy(() -> new CeleryMessage(" ", "id", List.of(), "celery")).hasMessageContaining("task name");
        assertThatThrownBy(() -> new CeleryMessage("solve", null, List.of(), "celery")).hasMessageContaining("an id");
    }

    @Test
    void jobSizeIsCheckedAndDefaulted() {
        assertThat(Jobs.size(null)).isEqualTo(Jobs.DEFAULT_SIZE);
        assertThat(Jobs.size(1000)).isEqualTo(1000);
        assertThatThrownBy(() -> Jobs.size(0)).hasMessageContaining("from 1 to " + Jobs.MAX_SIZE);
        assertThatThrownBy(() -> Jobs.size(2.5)).hasMessageContaining("'size'=2.5");
        assertThatThrownBy(() -> Jobs.size("many")).hasMessageContaining("whole number");
    }

    @Test
    void jobRoutesAreBounded() {
        assertThat(LedgerApi.routeOf("/jobs")).isEqualTo("/jobs");
        assertThat(LedgerApi.routeOf("/jobs/abc")).isEqualTo("/jobs/{id}");
        assertThat(LedgerApi.routeOf("/jobs/")).isEqualTo("other");
        assertThat(LedgerApi.routeOf("/jobs/a/b")).isEqualTo("other");
    }
}
