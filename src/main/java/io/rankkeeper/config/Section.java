package io.rankkeeper.config;

import io.rankkeeper.config.YamlNode.Field;
import io.rankkeeper.config.YamlNode.Mapping;
import io.rankkeeper.config.YamlNode.Mark;
import io.rankkeeper.config.YamlNode.Scalar;
import io.rankkeeper.config.YamlNode.Sequence;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Typed, located access to one YAML mapping of the config: each getter checks the type, applies
 * the default when the key is absent or null, and reports a bad value to {@link Problems}
 * (returning the default so reading goes on and more errors can be found). Keys outside the
 * allowed list are reported when the section is made. Not thread-safe; one per load.
 */
final class Section {

    private final Map<String, Field> fields;
    private final Mark mark;
    private final String path;
    private final ReadContext context;

    private Section(Map<String, Field> fields, Mark mark, String path, ReadContext context) {
        this.fields = fields;
        this.mark = mark;
        this.path = path;
        this.context = context;
    }

    /**
     * The section for {@code node}; an absent or null node gives an empty section, a node of
     * another shape is reported and also gives an empty one. {@code anchor} is where errors
     * about missing keys point: the section's own key, or the list item's dash.
     */
    static Section of(YamlNode node, Mark anchor, String path, ReadContext context, List<String> allowedKeys) {
        if (node == null || node instanceof Scalar scalar && scalar.isNull()) {
            return new Section(Map.of(), anchor, path, context);
        }
        if (!(node instanceof Mapping mapping)) {
            context.problems().add(anchor, path, "expected a map of keys (" + String.join(", ", allowedKeys)
                    + "), got " + node.describe() + "; write each key on its own line as \"key: value\", indented under "
                    + (path.isEmpty() ? "the top level" : lastName(path) + ":"));
            return new Section(Map.of(), anchor, path, context);
        }
        for (Field field : mapping.fields().values()) {
            if (!allowedKeys.contains(field.name())) {
                context.problems().add(field.keyMark(), child(path, field.name()), "unknown key \"" + field.name() + "\""
                        + Suggestions.fix(field.name(), allowedKeys, "allowed here: " + String.join(", ", allowedKeys)));
            }
        }
        return new Section(mapping.fields(), anchor, path, context);
    }

    Mark mark() {
        return mark;
    }

    String path() {
        return path;
    }

    ReadContext context() {
        return context;
    }

    String path(String key) {
        return child(path, key);
    }

    /**
     * Where errors about the key's value point: a single value itself, the key of a map or
     * list (a block map starts on the line after its key), the section when the key is absent.
     */
    Mark markOf(String key) {
        YamlNode node = node(key);
        if (node == null) {
            return mark;
        }
        return node instanceof Scalar ? node.mark() : fields.get(key).keyMark();
    }

    /** The key's value, or null when absent or written as null. */
    YamlNode node(String key) {
        Field field = fields.get(key);
        if (field == null || field.value() instanceof Scalar scalar && scalar.isNull()) {
            return null;
        }
        return field.value();
    }

    boolean has(String key) {
        return node(key) != null;
    }

    /** Reports a problem with the value of {@code key} (or the section when it is absent). */
    void report(String key, String message) {
        context.problems().add(markOf(key), path(key), message);
    }

    /** The key's text, environment variables substituted, or null when absent or bad. */
    String string(String key) {
        YamlNode node = node(key);
        return node == null ? null : context.text(node, path(key));
    }

    String string(String key, String fallback) {
        String value = string(key);
        return value == null ? fallback : value;
    }

    /** A text that must be present; reports {@code hint} when it is missing. */
    String requiredString(String key, String hint) {
        if (!has(key)) {
            report(key, "missing; " + hint);
            return null;
        }
        String value = string(key);
        if (value != null && value.isBlank()) {
            report(key, "must not be blank; " + hint);
            return null;
        }
        return value;
    }

    int integer(String key, int fallback, int min, int max) {
        String text = string(key);
        if (text == null) {
            return fallback;
        }
        String allowed = "a whole number from " + min + " to " + max;
        try {
            int value = Integer.parseInt(text.trim());
            if (value < min || value > max) {
                report(key, value + " is out of range; use " + allowed);
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            report(key, "expected " + allowed + ", got " + describe(key, text) + "; write digits only, without quotes");
            return fallback;
        }
    }

    boolean bool(String key, boolean fallback) {
        String text = string(key);
        if (text == null) {
            return fallback;
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on":
                return true;
            case "false", "no", "off":
                return false;
            default:
                report(key, "expected true or false, got " + describe(key, text) + "; write true or false");
                return fallback;
        }
    }

    /** A duration; zero is allowed only when {@code zeroAllowed}, negative never. */
    Duration duration(String key, Duration fallback, boolean zeroAllowed) {
        String text = string(key);
        if (text == null) {
            return fallback;
        }
        try {
            Duration value = Units.duration(text);
            if (value.isNegative() || value.isZero() && !zeroAllowed) {
                report(key, "\"" + text + "\" must be " + (zeroAllowed ? "zero or more" : "more than zero")
                        + "; use a duration such as " + Units.DURATION_HINT.substring(Units.DURATION_HINT.indexOf(':') + 2));
                return fallback;
            }
            return value;
        } catch (InvalidValue e) {
            report(key, e.getMessage());
            return fallback;
        }
    }

    long size(String key, long fallback, long min, long max) {
        String text = string(key);
        if (text == null) {
            return fallback;
        }
        try {
            long value = Units.size(text);
            if (value < min || value > max) {
                report(key, "\"" + text + "\" is out of range; use a size from " + min + " bytes to " + max
                        + " bytes, such as 10MB");
                return fallback;
            }
            return value;
        } catch (InvalidValue e) {
            report(key, e.getMessage());
            return fallback;
        }
    }

    /** The nested section under {@code key}; empty when absent. */
    Section section(String key, List<String> allowedKeys) {
        Field field = fields.get(key);
        return of(node(key), field == null ? mark : field.keyMark(), path(key), context, allowedKeys);
    }

    /** The list under {@code key}, or null when absent; a non-list is reported and gives null. */
    List<YamlNode> list(String key, String hint) {
        YamlNode node = node(key);
        if (node == null) {
            return null;
        }
        if (node instanceof Sequence sequence) {
            return sequence.items();
        }
        report(key, "expected a list, got " + node.describe() + "; " + hint);
        return null;
    }

    private String describe(String key, String text) {
        return node(key) instanceof Scalar scalar && scalar.kind() != Scalar.Kind.STRING ? text : "\"" + text + "\"";
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String lastName(String path) {
        String name = path.substring(path.lastIndexOf('.') + 1);
        int bracket = name.indexOf('[');
        return bracket < 0 ? name : name.substring(0, bracket);
    }
}
