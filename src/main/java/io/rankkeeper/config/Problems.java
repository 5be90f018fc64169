package io.rankkeeper.config;

import io.rankkeeper.config.YamlNode.Mark;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the errors found in one config file so the user sees them all at once, each as
 * {@code file:line:column: key.path: problem; fix}. Not thread-safe; one per load.
 */
final class Problems {

    /** Beyond this many, more errors add noise rather than help. */
    private static final int MAX_REPORTED = 20;

    private final String fileName;
    private final List<String> messages = new ArrayList<>();

    Problems(String fileName) {
        this.fileName = fileName;
    }

    String fileName() {
        return fileName;
    }

    /** A problem at a position of the YAML file. */
    void add(Mark mark, String path, String message) {
        addAt(where(mark), path, message);
    }

    /** A problem at a place described by {@code where}, such as {@code targets.csv:3}. */
    void addAt(String where, String path, String message) {
        messages.add(where + ": " + (path.isEmpty() ? "" : path + ": ") + message);
    }

    String where(Mark mark) {
        return fileName + ":" + mark.line() + ":" + mark.column();
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    /** Throws one {@link ConfigException} holding every problem, if there is any. */
    void throwIfAny() {
        if (messages.isEmpty()) {
            return;
        }
        if (messages.size() == 1) {
            throw new ConfigException(messages.get(0));
        }
        StringBuilder text = new StringBuilder(fileName).append(" has ").append(messages.size()).append(" errors:");
        messages.stream().limit(MAX_REPORTED).forEach(message -> text.append(System.lineSeparator()).append(message));
        if (messages.size() > MAX_REPORTED) {
            text.append(System.lineSeparator()).append("... and ").append(messages.size() - MAX_REPORTED).append(" more");
        }
        throw new ConfigException(text.toString());
    }
}
