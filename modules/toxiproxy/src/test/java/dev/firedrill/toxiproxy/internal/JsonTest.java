package dev.firedrill.toxiproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON reader and writer: Go's decoder messages, literal numbers, Go-style output. */
class JsonTest {

    @Test
    @SuppressWarnings("unchecked")
    void readsObjectsInDocumentOrderWithNumbersKeptLiterally() throws Exception {
        Object value = Json.parse("{\"b\":[1,2.5,-3e2],\"a\":{\"x\":null,\"y\":true},\"s\":\"\\u00e9\\n\"}");
        assertThat(value).isInstanceOf(Map.class);
        Map<String, Object> object = (Map<String, Object>) value;
        assertThat(object.keySet()).containsExactly("b", "a", "s");
        assertThat((List<Object>) object.get("b")).containsExactly(
                new Json.Number("1"), new Json.Number("2.5"), new Json.Number("-3e2"));
        assertThat(object.get("s")).isEqualTo("é\n");
    }

    @Test
    void integersAreOnlyIntegerLiteralsThatFitALong() {
        assertThat(new Json.Number("100").asLong()).isEqualTo(100L);
        assertThat(new Json.Number("100.0").asLong()).isNull();
        assertThat(new Json.Number("1e3").asLong()).isNull();
        assertThat(new Json.Number("99999999999999999999").asLong()).isNull();
    }

    @Test
    void onlyTheFirstValueIsRead() throws Exception {
        assertThat(Json.parse("{} {garbage")).isEqualTo(Map.of());
    }

    @Test
    void syntaxErrorsReadLikeGo() {
        assertThatThrownBy(() -> Json.parse("  ")).hasMessage("EOF");
        assertThatThrownBy(() -> Json.parse("{\"a\":")).hasMessage("unexpected EOF");
        assertThatThrownBy(() -> Json.parse("x")).hasMessage("invalid character 'x' looking for beginning of value");
        assertThatThrownBy(() -> Json.parse("{\"a\" 1}")).hasMessage("invalid character '1' after object key");
        assertThatThrownBy(() -> Json.parse("[1 2]")).hasMessage("invalid character '2' after array element");
        assertThatThrownBy(() -> Json.parse("[".repeat(10_000))).hasMessage("exceeded max depth");
    }

    @Test
    void writesStringsHtmlSafeLikeGo() {
        assertThat(Json.quote(new StringBuilder(), "a\"b\\<c>&\n\u0001").toString())
                .isEqualTo("\"a\\\"b\\\\\\u003cc\\u003e\\u0026\\n\\u0001\"");
    }

    @Test
    void formatsFloat32TheShortestWay() {
        assertThat(Json.formatFloat32(1f)).isEqualTo("1");
        assertThat(Json.formatFloat32(0.5f)).isEqualTo("0.5");
        assertThat(Json.formatFloat32(-1f)).isEqualTo("-1");
        assertThat(Json.formatFloat32(2.5f)).isEqualTo("2.5");
        assertThat(Json.formatFloat32(0.1f)).isEqualTo("0.1");
    }
}
