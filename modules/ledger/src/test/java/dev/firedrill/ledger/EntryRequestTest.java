package dev.firedrill.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EntryRequestTest {

    private final ObjectMapper json = new ObjectMapper();

    private EntryRequest parse(String body) {
        return EntryRequest.parse(body.getBytes(StandardCharsets.UTF_8), json, false);
    }

    private EntryRequest parseWithCurrency(String body) {
        return EntryRequest.parse(body.getBytes(StandardCharsets.UTF_8), json, true);
    }

    @Test
    void aReleaseWithCurrenciesDefaultsToEurAndChecksTheCode() {
        assertThat(parseWithCurrency("{\"id\": \"w-1\", \"account\": \"a\", \"amount\": 1}").currency()).isEqualTo("EUR");
        assertThat(parseWithCurrency("{\"id\": \"w-1\", \"account\": \"a\", \"amount\": 1, \"currency\": \"USD\"}"))
                .isEqualTo(new EntryRequest("w-1", "a", 1, "USD"));
        for (String bad : new String[] {"\"usd\"", "\"EURO\"", "\"E1R\"", "\"\"", "7"}) {
            assertThatThrownBy(() -> parseWithCurrency("{\"id\": \"w-1\", \"account\": \"a\", \"amount\": 1, \"currency\": " + bad + "}"))
                    .as(bad).isInstanceOf(InvalidRequestException.class)
                    .hasMessageStartingWith("field 'currency' is not valid: expected three upper-case letters such as EUR or USD");
        }
    }

    @Test
    void aReleaseWithoutCurrenciesIgnoresTheField() {
        assertThat(parse("{\"id\": \"w-1\", \"account\": \"a\", \"amount\": 1, \"currency\": \"bad\"}").currency()).isNull();
    }

    @Test
    void acceptsAWellFormedEntryAndIgnoresUnknownFields() {
        EntryRequest request = parse("{\"id\": \"w-1:2.3_x\", \"account\": \"acc 7\", \"amount\": -120, \"note\": \"x\"}");

        assertThat(request).isEqualTo(new EntryRequest("w-1:2.3_x", "acc 7", -120));
    }

    @Test
    void namesAMissingField() {
        assertThatThrownBy(() -> parse("{\"account\": \"a\", \"amount\": 1}"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("field 'id' is missing: expected a string of 1 to 128 letters");
        assertThatThrownBy(() -> parse("{\"id\": \"w-1\", \"amount\": 1}"))
                .hasMessageStartingWith("field 'account' is missing");
        assertThatThrownBy(() -> parse("{\"id\": \"w-1\", \"account\": \"a\"}"))
                .hasMessageStartingWith("field 'amount' is missing: expected a whole number");
    }

    @Test
    void refusesAmountsThatAreNotWholeNumbersOfSixtyFourBits() {
        assertThatThrownBy(() -> parse("{\"id\": \"w-1\", \"account\": \"a\", \"amount\": 1.5}"))
                .hasMessage("field 'amount' is not valid: expected a whole number from -9223372036854775808 to "
                        + "9223372036854775807, got 1.5");
        assertThatThrownBy(() -> parse("{\"id\": \"w-1\", \"account\": \"a\", \"amount\": \"12\"}"))
                .hasMessageEndingWith("got \"12\"");
        assertThatThrownBy(() -> parse("{\"id\": \"w-1\", \"account\": \"a\", \"amount\": 92233720368547758070}"))
                .hasMessageStartingWith("field 'amount' is not valid");
    }

    @Test
    void refusesIdsThatCannotBeUsedInAPath() {
        assertThatThrownBy(() -> parse("{\"id\": \"a/b\", \"account\": \"a\", \"amount\": 1}"))
                .hasMessageContaining("field 'id' is not valid")
                .hasMessageContaining("got 'a/b' (3 characters)");
        assertThatThrownBy(() -> parse("{\"id\": \"\", \"account\": \"a\", \"amount\": 1}"))
                .hasMessageContaining("field 'id' is not valid");
        assertThatThrownBy(() -> parse("{\"id\": 7, \"account\": \"a\", \"amount\": 1}"))
                .hasMessageContaining("field 'id' is not valid").hasMessageEndingWith("got 7");
        assertThatThrownBy(() -> parse("{\"id\": \"" + "x".repeat(129) + "\", \"account\": \"a\", \"amount\": 1}"))
                .hasMessageContaining("(129 characters)");
    }

    @Test
    void refusesAnEmptyOrOverlongAccount() {
        assertThatThrownBy(() -> parse("{\"id\": \"w-1\", \"account\": \"\", \"amount\": 1}"))
                .hasMessage("field 'account' is not valid: expected a string of 1 to 128 characters");
        assertThatThrownBy(() -> parse("{\"id\": \"w-1\", \"account\": 5, \"amount\": 1}"))
                .hasMessageEndingWith("got 5");
    }

    @Test
    void explainsABodyThatIsNotAJsonObject() {
        assertThatThrownBy(() -> parse("id=w-1"))
                .hasMessageStartingWith("body is not valid JSON: expected an object like {\"id\": \"w-1\"");
        assertThatThrownBy(() -> parse("[1, 2]"))
                .hasMessageStartingWith("body is not valid: expected a JSON object");
        assertThatThrownBy(() -> parse(""))
                .hasMessageStartingWith("body is not valid: expected a JSON object");
    }
}
