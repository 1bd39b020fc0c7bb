package dev.firedrill.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.firedrill.kind.KindDescriptor;
import dev.firedrill.kind.KindDescriptor.Category;
import dev.firedrill.kind.Kinds;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** drills/drill-file.schema.json is the schema generated from Firedrill's kinds and the parser's fields, and every drill file's keys are in it. */
class DrillFileSchemaTest {

    private static final Path SCHEMA = Path.of("drills/drill-file.schema.json");

    @Test
    void theCheckedInSchemaIsTheGeneratedOne() throws IOException {
        assertThat(Files.readString(SCHEMA)).as(SCHEMA + " is not what Firedrill's kinds and fields generate; regenerate it with: "
                + DrillFileSchema.REGENERATE).isEqualTo(DrillFileSchema.text(Kinds.onClasspath().builtIn()));
    }

    @Test
    void everyFieldOfEveryKindTheParserKnowsIsInTheSchema() throws IOException {
        Kinds kinds = Kinds.onClasspath().builtIn();
        JsonNode schema = new ObjectMapper().readTree(SCHEMA.toFile());
        JsonNode faults = schema.at("/properties/faults/items/oneOf");
        assertThat(faults).hasSize(kinds.in(Category.FAULT).size());
        for (JsonNode item : faults) {
            KindDescriptor<?> kind = kinds.get(Category.FAULT, item.at("/properties/kind/const").asText());
            kind.params().forEach(p -> assertThat(item.at("/properties").has(p.name())).as(kind.name() + "." + p.name()).isTrue());
        }
        assertThat(schema.at("/properties/recovery/items/oneOf")).hasSize(kinds.in(Category.PROCEDURE).size());
        assertThat(schema.at("/properties/preparations/items/oneOf")).hasSize(kinds.in(Category.PREPARATION).size());
        assertThat(schema.at("/properties/objectives/items/oneOf")).hasSize(kinds.in(Category.OBJECTIVE).size());
        assertThat(schema.at("/properties/steady-state/properties/probes/items/oneOf")).hasSize(kinds.in(Category.PROBE).size());
        Iterator<String> names = schema.at("/properties").fieldNames();
        java.util.List<String> top = new java.util.ArrayList<>();
        names.forEachRemaining(top::add);
        assertThat(top).containsExactlyInAnyOrderElementsOf(DrillFiles.TOP_LEVEL);
    }

    /** Each key of each drill file (the catalogue's and the examples'), down to list items, is a property the schema declares at that place. */
    @Test
    void everyDrillFileUsesOnlyKeysTheSchemaDeclares() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(SCHEMA.toFile());
        for (Path folder : java.util.List.of(Path.of("drills"), Path.of("examples/sentinel/drills"))) {
            for (Path f : DrillFiles.list(folder)) {
                JsonNode drill = new YAMLMapper().readTree(f.toFile());
                checkKeys(f + "", drill, schema);
            }
        }
    }

    /** A percentile written as a number, as YAML users write it, is valid for the schema as it is for the parser. */
    @Test
    void numericChoicesAreValidAsNumbersAndAsTexts() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(SCHEMA.toFile());
        JsonNode latency = null;
        for (JsonNode item : schema.at("/properties/objectives/items/oneOf")) {
            if (item.at("/properties/objective/const").asText().equals("latency")) {
                latency = item;
            }
        }
        assertThat(latency).isNotNull();
        JsonNode values = latency.at("/properties/percentile/enum");
        assertThat(values.toString()).isEqualTo("[50,\"50\",95,\"95\",99,\"99\"]");
        String file = """
                id: X
                title: t
                steady-state: {probes: [{probe: write}]}
                objectives:
                  - {objective: latency, phase: during, percentile: 99, below: 1s}
                  - {objective: latency, phase: during, percentile: "50", below: 1s}
                """;
        assertThat(DrillFiles.parse(Path.of("x.yml"), file).drill().objectives()).hasSize(2);
        checkKeys("x.yml", new YAMLMapper().readTree(file), schema);
    }

    private static void checkKeys(String where, JsonNode value, JsonNode schema) {
        if (schema != null && schema.has("enum") && value.isValueNode()) {
            assertThat(schema.get("enum")).as(where + " value " + value + " is one of the schema's").contains(value);
        }
        if (schema != null && schema.has("type") && value.isValueNode()) {
            String type = schema.get("type").asText();
            boolean ok = switch (type) {
                case "string" -> value.isTextual();
                case "integer" -> value.isIntegralNumber();
                case "number" -> value.isNumber();
                case "boolean" -> value.isBoolean();
                default -> true;
            };
            assertThat(ok).as(where + " value " + value + " has the schema's type " + type).isTrue();
        }
        if (value.isObject()) {
            JsonNode props = schema.get("properties");
            if (props == null) {
                return;   // free-form mapping (environment)
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                assertThat(props.has(e.getKey())).as(where + "." + e.getKey() + " declared in the schema").isTrue();
                checkKeys(where + "." + e.getKey(), e.getValue(), props.get(e.getKey()));
            }
        } else if (value.isArray() && schema.has("items")) {
            JsonNode items = schema.get("items");
            for (JsonNode item : value) {
                JsonNode branch = items;
                if (items.has("oneOf")) {
                    branch = null;
                    for (JsonNode candidate : items.get("oneOf")) {
                        boolean match = true;
                        for (Iterator<Map.Entry<String, JsonNode>> it = candidate.get("properties").fields(); it.hasNext(); ) {
                            Map.Entry<String, JsonNode> e = it.next();
                            if (e.getValue().has("const") && !e.getValue().get("const").asText().equals(item.path(e.getKey()).asText())) {
                                match = false;
                            }
                        }
                        if (match) {
                            branch = candidate;
                        }
                    }
                    assertThat(branch).as(where + " item " + item + " matches a kind of the schema").isNotNull();
                    for (JsonNode required : branch.get("required")) {
                        assertThat(item.has(required.asText())).as(where + " item " + item + " has required " + required).isTrue();
                    }
                }
                checkKeys(where + "[]", item, branch);
            }
        }
    }
}
