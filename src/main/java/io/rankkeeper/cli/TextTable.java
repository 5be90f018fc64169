package io.rankkeeper.cli;

import com.github.freva.asciitable.AsciiTable;
import com.github.freva.asciitable.ColumnData;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.Collection;
import java.util.List;
import org.apache.commons.io.output.CloseShieldWriter;
import org.apache.commons.io.output.WriterOutputStream;

/**
 * Prints an aligned text table (ascii-table) line by line onto a command's writer, followed by a
 * line break. {@code AsciiTable.getTable} builds the whole table in one string first: for a
 * run of 100,000 targets that was tens of MB of text, several times over while the string grew.
 */
final class TextTable {

    private TextTable() {
    }

    static <T> void print(PrintWriter out, Collection<T> rows, List<ColumnData<T>> columns) {
        // ascii-table encodes in the default charset (as getTable did); decoding in the same one
        // hands the writer the very characters getTable returned
        try (OutputStream bridge = WriterOutputStream.builder().setWriter(CloseShieldWriter.wrap(out))
                .setCharset(Charset.defaultCharset()).get()) {
            AsciiTable.builder().border(AsciiTable.BASIC_ASCII_NO_DATA_SEPARATORS).data(rows, columns).writeTo(bridge);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
    }
}
