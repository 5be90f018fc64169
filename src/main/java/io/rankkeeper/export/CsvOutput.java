package io.rankkeeper.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A CSV table (RFC 4180: comma, double quotes, CRLF; null written as an empty field) written row
 * by row as it is produced. To a file, it goes to a temporary file in the same folder, gzip-
 * compressed when the name ends in {@code .gz}, and is renamed to its name only by
 * {@link #commit()}: an interrupted or failed export never leaves a file that looks complete
 * (the temporary file is deleted on close, and on JVM exit after Ctrl-C). Not thread-safe.
 */
public final class CsvOutput implements AutoCloseable {

    private static final int BUFFER_CHARS = 1 << 16;
    /** The temporary file is {@code .<name>.<random>.partial} beside the final file. */
    static final String PARTIAL_SUFFIX = ".partial";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final CSVPrinter printer;
    private final Path temporary;
    private final Path target;
    private final boolean ownsWriter;
    private long rows;
    private boolean committed;
    private boolean closed;

    private CsvOutput(Writer writer, List<String> header, Path temporary, Path target, boolean ownsWriter) {
        this.temporary = temporary;
        this.target = target;
        this.ownsWriter = ownsWriter;
        try {
            this.printer = CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get().print(writer);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the CSV header to " + where(), e);
        }
    }

    /** A CSV file at {@code target}, written through a temporary file beside it; gzip when it ends in .gz. */
    public static CsvOutput toFile(Path target, List<String> header) {
        Path absolute = target.toAbsolutePath();
        Path folder = absolute.getParent();
        Path temporary;
        try {
            Files.createDirectories(folder);
            // not Files.createTempFile: its owner-only permissions would carry over to the final file
            temporary = folder.resolve("." + absolute.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36)
                    + PARTIAL_SUFFIX);
            Files.createFile(temporary);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a file in " + folder + ": " + e.getMessage(), e);
        }
        temporary.toFile().deleteOnExit();
        try {
            OutputStream stream = Files.newOutputStream(temporary);
            if (absolute.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
                stream = new GZIPOutputStream(stream, BUFFER_CHARS);
            }
            Writer writer = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), BUFFER_CHARS);
            return new CsvOutput(writer, header, temporary, absolute, true);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("Cannot write " + temporary + ": " + e.getMessage(), e);
        }
    }

    /** CSV to a writer the caller owns (stdout): flushed on commit, never closed. */
    public static CsvOutput toWriter(Writer writer, List<String> header) {
        return new CsvOutput(writer, header, null, null, false);
    }

    /** Appends one record; values are printed with {@code toString()}, null as an empty field. */
    public void row(List<?> values) {
        try {
            printer.printRecord(values);
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to " + where() + ": " + e.getMessage(), e);
        }
    }

    /** Records written so far (the header not counted). */
    public long rows() {
        return rows;
    }

    /** Where the rows end up: the final file name, or "standard output". */
    public String where() {
        return target != null ? target.toString() : "standard output";
    }

    /** Flushes everything and, for a file, gives it its final name (atomically where possible). */
    public void commit() {
        try {
            if (!ownsWriter) {
                printer.flush();
                committed = true;
                return;
            }
            printer.close(true);
            closed = true;
            try {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot finish " + where() + ": " + e.getMessage(), e);
        }
    }

    /** Without a commit before, drops the temporary file: nothing appears under the final name. */
    @Override
    public void close() {
        if (!ownsWriter || committed) {
            return;
        }
        if (!closed) {
            try {
                printer.close(true);
            } catch (IOException e) {
                // the partial file is deleted anyway
            }
            closed = true;
        }
        deleteQuietly(temporary);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }
}
