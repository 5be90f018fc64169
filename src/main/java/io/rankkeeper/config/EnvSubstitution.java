package io.rankkeeper.config;

import java.util.Map;

/**
 * Replaces {@code ${NAME}} (and {@code ${NAME:-fallback}}) in config strings with environment
 * variables, so secrets stay out of the file; {@code $${} writes a literal {@code ${}.
 * Immutable and thread-safe.
 */
final class EnvSubstitution {

    private final Map<String, String> environment;

    EnvSubstitution(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    String apply(String text) throws InvalidValue {
        if (!text.contains("${")) {
            return text;
        }
        StringBuilder result = new StringBuilder(text.length());
        int position = 0;
        while (position < text.length()) {
            int start = text.indexOf("${", position);
            if (start < 0) {
                result.append(text, position, text.length());
                break;
            }
            if (start > 0 && text.charAt(start - 1) == '$') {
                // "$${" is the escape for a literal "${"
                result.append(text, position, start - 1).append("${");
                position = start + 2;
                continue;
            }
            int end = text.indexOf('}', start);
            if (end < 0) {
                throw new InvalidValue("\"${\" without a closing \"}\"; write ${NAME} to use an environment variable, "
                        + "or $${ for a literal ${");
            }
            result.append(text, position, start).append(resolve(text.substring(start + 2, end)));
            position = end + 1;
        }
        return result.toString();
    }

    private String resolve(String expression) throws InvalidValue {
        int fallbackAt = expression.indexOf(":-");
        String name = fallbackAt < 0 ? expression : expression.substring(0, fallbackAt);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new InvalidValue("\"${" + expression + "}\" does not name an environment variable; "
                    + "use letters, digits and _ as in ${RANKKEEPER_DB_PASSWORD}");
        }
        String value = environment.get(name);
        if (value != null) {
            return value;
        }
        if (fallbackAt >= 0) {
            return expression.substring(fallbackAt + 2);
        }
        throw new InvalidValue("environment variable " + name + " is not set; set it before starting rankkeeper "
                + "(export " + name + "=...) or give a fallback as ${" + name + ":-value}");
    }
}
