package io.rankkeeper.config;

import io.rankkeeper.config.ConfigReader.LocatedTarget;
import io.rankkeeper.model.ExtractorKind;
import io.rankkeeper.model.Target;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a group's {@code targetsFile}: a CSV file with the header {@code key,url,label[,itemId]}
 * (key and label may be empty; lines starting with # are comments), read relative to the config
 * file's folder. Errors name the CSV file and line. Not thread-safe; one per group.
 */
final class TargetsCsvReader {

    static final List<String> COLUMNS = List.of("key", "url", "label", "itemId");
    private static final String HEADER_HINT = "start the file with the header line \"key,url,label,itemId\" "
            + "(key, label and itemId may be left empty)";
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setCommentMarker('#')
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true)
            .setTrim(true)
            .get();

    private static final java.util.regex.Pattern START_LINE = java.util.regex.Pattern.compile("\\(startline (\\d+)\\)");

    private final Section group;
    private final String groupName;
    private final ExtractorKind kind;
    private final ReadContext context;
    private final String path;

    TargetsCsvReader(Section group, String groupName, ExtractorKind kind) {
        this.group = group;
        this.groupName = groupName;
        this.kind = kind;
        this.context = group.context();
        this.path = group.path("targetsFile");
    }

    List<LocatedTarget> read() {
        String name = group.string("targetsFile");
        if (name == null) {
            return List.of();
        }
        Path file = context.baseDirectory().resolve(name);
        context.targetsFiles().add(file.toAbsolutePath().normalize());
        if (Files.isRegularFile(file) && !Files.isReadable(file)) {
            group.report("targetsFile", file + " cannot be read by the user running rankkeeper ("
                    + System.getProperty("user.name") + "); give that user read access to it (chmod a+r)");
            return List.of();
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            group.report("targetsFile", (Files.exists(file) ? file + " is not a readable file" : file + " does not exist")
                    + "; fix the path (relative paths are read from the folder of " + context.problems().fileName()
                    + ") or create the file with the header line \"key,url,label,itemId\"");
            return List.of();
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return read(file, text);
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            // commons-csv reports a broken quote or a duplicate header as unchecked exceptions,
            // with the line only inside the message
            // (wrapped in an UncheckedIOException, whose message repeats the class name)
            Throwable reported = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
            java.util.regex.Matcher line = START_LINE.matcher(String.valueOf(reported.getMessage()));
            context.problems().addAt(file + (line.find() ? ":" + line.group(1) : ""), path, "cannot read the CSV file: " + reported.getMessage()
                    + "; check the quotes (a field with a comma needs \"...\") and " + HEADER_HINT);
            return List.of();
        }
    }

    private List<LocatedTarget> read(Path file, String text) throws IOException {
        try (Reader reader = new StringReader(text); CSVParser parser = FORMAT.parse(reader)) {
            if (!header(parser, file)) {
                return List.of();
            }
            List<LocatedTarget> targets = new ArrayList<>();
            Lines lines = new Lines(text);
            int rows = 0;
            for (CSVRecord record : parser) {
                rows++;
                String where = file + ":" + lines.lineAt(record.getCharacterPosition());
                LocatedTarget target = target(record, where, parser.getHeaderMap());
                if (target != null) {
                    targets.add(target);
                }
            }
            if (rows == 0) {
                context.problems().addAt(file + ":1", path, "has no targets, only a header; add lines below it such as "
                        + "\"amazon.com/0132269937,https://www.amazon.com/dp/0132269937,Core Python Programming,\"");
            }
            return targets;
        }
    }

    /**
     * The line numbers of a CSV text: where each line starts, found once, so that naming the line
     * of each of 100,000 records costs a binary search, not a count from the top (which took
     * minutes). Immutable.
     */
    static final class Lines {

        private final String text;
        private final int[] starts;

        Lines(String text) {
            this.text = text;
            int count = 1;
            for (int at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
                count++;
            }
            starts = new int[count];
            int line = 1;
            for (int at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
                starts[line++] = at + 1;
            }
        }

        /**
         * The line a record starts on. Its character position can point at comment and empty
         * lines the parser skipped before it (the parser's own line count is off by those), so
         * skip them.
         */
        int lineAt(long position) {
            int at = (int) Math.min(position, text.length());
            while (at < text.length()) {
                int end = text.indexOf('\n', at);
                String line = (end < 0 ? text.substring(at) : text.substring(at, end)).strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    break;
                }
                at = end < 0 ? text.length() : end + 1;
            }
            int found = java.util.Arrays.binarySearch(starts, at);
            // a start found is line index + 1; otherwise the insertion point is the line after
            return found >= 0 ? found + 1 : -found - 1;
        }
    }

    private boolean header(CSVParser parser, Path file) {
        List<String> names = parser.getHeaderNames();
        String where = file + ":1";
        if (names.isEmpty()) {
            context.problems().addAt(where, path, "the file is empty; " + HEADER_HINT);
            return false;
        }
        boolean good = true;
        for (String column : names) {
            if (!COLUMNS.contains(column)) {
                context.problems().addAt(where, path, "unknown column \"" + column + "\""
                        + Suggestions.fix(column, COLUMNS, HEADER_HINT));
                good = false;
            }
        }
        if (!names.contains("url")) {
            context.problems().addAt(where, path, "the header has no url column; " + HEADER_HINT);
            good = false;
        }
        return good;
    }

    private LocatedTarget target(CSVRecord record, String where, Map<String, Integer> header) {
        if (record.size() != header.size()) {
            context.problems().addAt(where, path, "the row has " + record.size() + " fields but the header has "
                    + header.size() + "; put one value per column, quoting values that contain commas (\"a, b\")");
            return null;
        }
        String urlText = record.get("url");
        if (urlText.isEmpty()) {
            context.problems().addAt(where, path, "column url is empty; " + TargetKeys.URL_HINT);
            return null;
        }
        URI url;
        try {
            url = TargetKeys.url(urlText);
        } catch (InvalidValue e) {
            context.problems().addAt(where, path, "column url: " + e.getMessage());
            return null;
        }
        String itemId = header.containsKey("itemId") ? TargetsReader.blankToNull(record.get("itemId")) : null;
        if (kind == ExtractorKind.AMAZON_LIST && itemId == null) {
            context.problems().addAt(where, path, "column itemId is empty; extractor: amazon-list needs the ASIN to "
                    + "find on the list page (add an itemId column)");
            return null;
        }
        String key = header.containsKey("key") ? TargetsReader.blankToNull(record.get("key")) : null;
        if (key == null) {
            try {
                key = TargetKeys.derive(url, kind == ExtractorKind.AMAZON_LIST ? itemId : null);
            } catch (InvalidValue e) {
                context.problems().addAt(where, path, "column key: " + e.getMessage());
                return null;
            }
        }
        String label = header.containsKey("label") ? TargetsReader.blankToNull(record.get("label")) : null;
        return new LocatedTarget(new Target(key, groupName, url, label, itemId), where, path);
    }
}
