package io.rankkeeper.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.rankkeeper.config.YamlNode.Field;
import io.rankkeeper.config.YamlNode.Mapping;
import io.rankkeeper.config.YamlNode.Mark;
import io.rankkeeper.config.YamlNode.Scalar;
import io.rankkeeper.config.YamlNode.Sequence;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns YAML text into a {@link YamlNode} tree, streaming Jackson's {@link YAMLParser} so each
 * node keeps its line and column. Syntax errors, duplicate keys and aliases become
 * {@link ConfigException}s naming the position. Stateless; one instance per document.
 */
final class YamlTreeReader {

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private final String fileName;

    private YamlTreeReader(String fileName) {
        this.fileName = fileName;
    }

    /** The document's root node, or null when the text holds no document (empty or comments only). */
    static YamlNode read(String text, String fileName) {
        return new YamlTreeReader(fileName).read(text);
    }

    private YamlNode read(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return null;
            }
            YamlNode root = node((YAMLParser) parser, "");
            JsonToken next = parser.nextToken();
            if (next != null) {
                throw error(mark(parser), "a second YAML document starts here (after \"---\"); "
                        + "a config file holds one document: remove the \"---\" line or split the file");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw syntaxError(e);
        } catch (IOException e) {
            throw new ConfigException(fileName + ": cannot read: " + e.getMessage(), e);
        }
    }

    private YamlNode node(YAMLParser parser, String path) throws IOException {
        Mark mark = mark(parser);
        if (parser.isCurrentAlias()) {
            throw error(mark, "YAML aliases (*" + parser.getText() + ") are not supported in "
                    + (path.isEmpty() ? "the config" : path) + "; write the value out again");
        }
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> mapping(parser, mark, path);
            case START_ARRAY -> sequence(parser, mark, path);
            // YAML reads an empty value ("key:" or a bare "-") as null, Jackson as "": follow YAML,
            // so an empty value means "not given" (this also makes '' not given).
            case VALUE_STRING -> parser.getText().isEmpty() ? new Scalar(mark, "", Scalar.Kind.NULL)
                    : new Scalar(mark, parser.getText(), Scalar.Kind.STRING);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> new Scalar(mark, parser.getText(), Scalar.Kind.NUMBER);
            case VALUE_TRUE, VALUE_FALSE -> new Scalar(mark, parser.getText(), Scalar.Kind.BOOLEAN);
            case VALUE_NULL -> new Scalar(mark, parser.getText(), Scalar.Kind.NULL);
            default -> throw error(mark, "unexpected YAML content " + token + " at " + path);
        };
    }

    private Mapping mapping(YAMLParser parser, Mark mark, String path) throws IOException {
        Map<String, Field> fields = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            Mark keyMark = mark(parser);
            String childPath = path.isEmpty() ? name : path + "." + name;
            parser.nextToken();
            YamlNode value = node(parser, childPath);
            Field earlier = fields.get(name);
            if (earlier != null) {
                throw error(keyMark, childPath + ": duplicate key \"" + name + "\", already given at line "
                        + earlier.keyMark().line() + "; keep one of them");
            }
            fields.put(name, new Field(name, keyMark, value));
        }
        return new Mapping(mark, fields);
    }

    private Sequence sequence(YAMLParser parser, Mark mark, String path) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            items.add(node(parser, path + "[" + items.size() + "]"));
        }
        return new Sequence(mark, items);
    }

    private static Mark mark(JsonParser parser) {
        JsonLocation location = parser.currentTokenLocation();
        return new Mark(location.getLineNr(), location.getColumnNr());
    }

    private ConfigException error(Mark mark, String message) {
        return new ConfigException(fileName + ":" + mark.line() + ":" + mark.column() + ": " + message);
    }

    private ConfigException syntaxError(JsonProcessingException e) {
        // SnakeYAML's own exception has the precise problem mark and a one-line problem text;
        // Jackson's message repeats the source snippet over several lines.
        Throwable cause = e.getCause();
        if (cause instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            String context = marked.getContext() == null || marked.getContextMark() == null ? ""
                    : " (" + marked.getContext() + " that starts at line " + (marked.getContextMark().getLine() + 1) + ")";
            // At the end of the file (an unclosed quote or bracket) the place to look is where the
            // unclosed thing starts, not the line after the last one.
            boolean atEnd = marked.getProblem() != null && marked.getProblem().contains("end of stream")
                    && marked.getContextMark() != null;
            org.yaml.snakeyaml.error.Mark where = atEnd ? marked.getContextMark() : marked.getProblemMark();
            Mark mark = new Mark(where.getLine() + 1, where.getColumn() + 1);
            return new ConfigException(fileName + ":" + mark.line() + ":" + mark.column() + ": YAML syntax error: "
                    + marked.getProblem().replace('\n', ' ') + context
                    + "; check the indentation (spaces, not tabs), the quotes and the brackets around this spot", e);
        }
        JsonLocation location = e.getLocation();
        String where = location == null ? fileName : fileName + ":" + location.getLineNr() + ":" + location.getColumnNr();
        return new ConfigException(where + ": YAML syntax error: " + e.getOriginalMessage().replace('\n', ' ')
                + "; check the indentation (spaces, not tabs), the quotes and the brackets around this spot", e);
    }
}
