package io.rankkeeper.export;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategies;
import java.io.IOException;
import java.io.OutputStream;
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

/**
 * A CSV table (RFC 4180: comma, double quotes, CRLF; null written as an empty field) written row
 * by row as it is produced. To a file, it goes to a temporary file in the same folder, gzip-
 * compressed when the name ends in {@code .gz}, and is renamed to its name only by
 * {@link #commit()}: an interrupted or failed export never leaves a file that looks complete
 * (the temporary file is deleted on close, and on JVM exit after Ctrl-C). Written with FastCSV:
 * quotes only where RFC 4180 needs them, and a field at a time without a record object, so that
 * {@code export} writes several hundred thousand rows a second. Not thread-safe.
 */
public final class CsvOutput implements AutoCloseable {

    private static final int BUFFER_CHARS = 1 << 16;
    /** Bytes of a file's output stream buffer, before gzip when there is one. */
    private static final int BUFFER_BYTES = 1 << 16;
    /** The temporary file is {@code .<name>.<random>.partial} beside the final file. */
    static final String PARTIAL_SUFFIX = ".partial";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final CsvWriter printer;
    private final Path temporary;
    private final Path target;
    private final boolean ownsWriter;
    private long rows;
    private boolean committed;
    private boolean closed;

    private CsvOutput(CsvWriter printer, List<String> header, Path temporary, Path target, boolean ownsWriter) {
        this.temporary = temporary;
        this.target = target;
        this.ownsWriter = ownsWriter;
        this.printer = printer;
        try {
            printer.writeRecord(header);
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("Cannot write the CSV header to " + where(), e.getCause());
        }
    }

    private static CsvWriter.CsvWriterBuilder format() {
        // RFC 4180 (a record's first field starting with '#' is quoted too: still RFC 4180)
        return CsvWriter.builder().fieldSeparator(',').quoteCharacter('"').quoteStrategy(QuoteStrategies.REQUIRED)
                .lineDelimiter(LineDelimiter.CRLF).bufferSize(BUFFER_CHARS);
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
                stream = new GZIPOutputStream(stream, BUFFER_BYTES);
            }
            return new CsvOutput(format().build(stream, StandardCharsets.UTF_8), header, temporary, absolute, true);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("Cannot write " + temporary + ": " + e.getMessage(), e);
        }
    }

    /** CSV to a writer the caller owns (stdout): flushed on commit, never closed. */
    public static CsvOutput toWriter(Writer writer, List<String> header) {
        return new CsvOutput(format().build(writer), header, null, null, false);
    }

    /** Appends one record; values are printed with {@code toString()}, null as an empty field. */
    public void row(List<?> values) {
        try {
            CsvWriter.CsvWriterRecord record = printer.writeRecord();
            for (Object value : values) {
                record.writeField(value == null ? null : value.toString());
            }
            record.endRecord();
            rows++;
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("Cannot write to " + where() + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Appends one record of texts, null as an empty field: the fast path, nothing is converted. */
    public void row(String... values) {
        try {
            printer.writeRecord(values);
            rows++;
        } catch (UncheckedIOException e) {
            throw new UncheckedIOException("Cannot write to " + where() + ": " + e.getCause().getMessage(), e.getCause());
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
            printer.close();
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
                printer.close();
            } catch (IOException | UncheckedIOException e) {
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
