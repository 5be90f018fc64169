package io.rankkeeper.config;

import java.util.List;
import java.util.Map;

/**
 * A YAML document as a small tree that remembers where each node stood in the file, because
 * Jackson's own {@code JsonNode} forgets it and every config error must name line and column.
 */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

    /** Where the node starts: line and column, both counted from 1. */
    Mark mark();

    /** How the node reads in an error message ("a list", "the text \"abc\""). */
    String describe();

    /** A position in the YAML file, 1-based. */
    record Mark(int line, int column) {
    }

    /** A key of a mapping, with the position of the key itself (for unknown-key errors). */
    record Field(String name, Mark keyMark, YamlNode value) {
    }

    /** A YAML mapping; fields in file order. */
    record Mapping(Mark mark, Map<String, Field> fields) implements YamlNode {
        @Override
        public String describe() {
            return "a map of keys";
        }
    }

    /** A YAML list. */
    record Sequence(Mark mark, List<YamlNode> items) implements YamlNode {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A YAML scalar with its text as written and what YAML took it for. */
    record Scalar(Mark mark, String text, Kind kind) implements YamlNode {

        /** What YAML made of the scalar. */
        enum Kind { STRING, NUMBER, BOOLEAN, NULL }

        boolean isNull() {
            return kind == Kind.NULL;
        }

        @Override
        public String describe() {
            return switch (kind) {
                case NULL -> "nothing (null)";
                case STRING -> "the text \"" + text + "\"";
                default -> text;
            };
        }
    }
}
