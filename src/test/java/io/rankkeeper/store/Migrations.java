package io.rankkeeper.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The migrations in the project's db/ folder, so tests follow the schema as it grows. */
final class Migrations {

    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.*\\.sql");

    private Migrations() {
    }

    /** How many versioned migrations apply to {@code kind}. */
    static long count(DatabaseKind kind) {
        return versions(kind).count();
    }

    /** The highest version that applies to {@code kind}. */
    static long latest(DatabaseKind kind) {
        return versions(kind).max().orElseThrow();
    }

    private static java.util.stream.LongStream versions(DatabaseKind kind) {
        String vendor = kind == DatabaseKind.H2 ? "h2" : "postgresql";
        return Stream.of(Path.of("db/common"), Path.of("db", vendor))
                .flatMap(Migrations::list)
                .map(file -> VERSIONED.matcher(file.getFileName().toString()))
                .filter(Matcher::matches)
                .mapToLong(match -> Long.parseLong(match.group(1)));
    }

    private static Stream<Path> list(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList().stream();
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
    }
}
