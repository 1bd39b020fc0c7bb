package dev.firedrill.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads YAML text into {@link YamlNode}s with positions; a syntax error or a repeated key is a {@link DrillFileException}. */
final class YamlReader {

    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final String file;
    private final JsonParser parser;

    private YamlReader(String file, JsonParser parser) {
        this.file = file;
        this.parser = parser;
    }

    /** The document's root node; {@code file} names the source in errors. */
    static YamlNode read(String file, String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            YamlReader reader = new YamlReader(file, parser);
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new DrillFileException(List.of(new DrillFileException.Problem(file, 1, 1, "(root)",
                        "the file is empty; a drill file is a mapping with at least id, title, suites and steady-state")));
            }
            YamlNode root = reader.node(first);
            if (parser.nextToken() != null) {
                JsonLocation at = parser.currentTokenLocation();
                throw new DrillFileException(List.of(new DrillFileException.Problem(file, at.getLineNr(), at.getColumnNr(), "(root)",
                        "a second YAML document follows the first ('---'); put one drill in each file")));
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String message = e.getOriginalMessage().lines().findFirst().orElse("malformed YAML");
            throw new DrillFileException(List.of(new DrillFileException.Problem(file, at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(), "(syntax)", "not valid YAML: " + message)));
        } catch (IOException e) {
            throw new DrillFileException(List.of(new DrillFileException.Problem(file, 0, 0, "(file)", "could not be read: " + e.getMessage())));
        }
    }

    private YamlNode node(JsonToken token) throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        switch (token) {
            case START_OBJECT -> {
                Map<String, YamlNode> entries = new LinkedHashMap<>();
                Map<String, int[]> keys = new LinkedHashMap<>();
                JsonToken t;
                while ((t = parser.nextToken()) != JsonToken.END_OBJECT) {
                    String key = parser.currentName();
                    JsonLocation keyAt = parser.currentTokenLocation();
                    if (entries.containsKey(key)) {
                        throw new DrillFileException(List.of(new DrillFileException.Problem(file, keyAt.getLineNr(), keyAt.getColumnNr(),
                                key, "the key '" + key + "' appears twice in the same mapping (first at line " + keys.get(key)[0]
                                + "); keep one")));
                    }
                    keys.put(key, new int[] {keyAt.getLineNr(), keyAt.getColumnNr()});
                    entries.put(key, node(parser.nextToken()));
                }
                return new YamlNode.Mapping(entries, keys, line, column);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                JsonToken t;
                while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(node(t));
                }
                return new YamlNode.Sequence(items, line, column);
            }
            case VALUE_STRING -> {
                return new YamlNode.Scalar(parser.getText(), true, YamlNode.Scalar.Kind.TEXT, line, column);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new YamlNode.Scalar(parser.getText(), false, YamlNode.Scalar.Kind.NUMBER, line, column);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new YamlNode.Scalar(parser.getText(), false, YamlNode.Scalar.Kind.BOOLEAN, line, column);
            }
            case VALUE_NULL -> {
                return new YamlNode.Scalar(null, false, YamlNode.Scalar.Kind.NULL, line, column);
            }
            default -> throw new DrillFileException(List.of(new DrillFileException.Problem(file, line, column, "(syntax)",
                    "unsupported YAML content (" + token + ")")));
        }
    }
}
