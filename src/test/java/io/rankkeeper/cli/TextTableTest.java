package io.rankkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.freva.asciitable.AsciiTable;
import com.github.freva.asciitable.Column;
import com.github.freva.asciitable.ColumnData;
import com.github.freva.asciitable.HorizontalAlign;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextTableTest {

    /** Printing line by line gives the very text that building the table in one string gave. */
    @Test
    void printsWhatGetTablePrintedForRandomTables() {
        Random random = new Random(42);
        String[] words = {"a", "rank", "#1,234", "Caf\u00e9", "B\u00fccher", "line\nbreak", "", "a rather long cell "
                + "that ascii-table wraps at its column's maximum width", "\u00fc\u00e9\u00e8"};
        for (int table = 0; table < 200; table++) {
            int columnCount = 1 + random.nextInt(5);
            List<List<String>> rows = new ArrayList<>();
            for (int row = random.nextInt(30); row > 0; row--) {
                List<String> cells = new ArrayList<>();
                for (int column = 0; column < columnCount; column++) {
                    cells.add(words[random.nextInt(words.length)] + (random.nextBoolean() ? " " + row : ""));
                }
                rows.add(cells);
            }
            List<ColumnData<List<String>>> columns = new ArrayList<>();
            for (int column = 0; column < columnCount; column++) {
                int index = column;
                Column shape = new Column().header("Column " + column)
                        .dataAlign(random.nextBoolean() ? HorizontalAlign.LEFT : HorizontalAlign.RIGHT);
                if (random.nextBoolean()) {
                    shape.maxWidth(8 + random.nextInt(20));
                }
                columns.add(shape.with(cells -> cells.get(index)));
            }
            StringWriter printed = new StringWriter();
            PrintWriter out = new PrintWriter(printed);
            TextTable.print(out, rows, columns);
            out.flush();

            assertThat(printed.toString()).as("table %d", table).isEqualTo(
                    AsciiTable.getTable(AsciiTable.BASIC_ASCII_NO_DATA_SEPARATORS, rows, columns)
                            + System.lineSeparator());
        }
    }

    @Test
    void leavesTheWriterOpen() {
        StringWriter printed = new StringWriter();
        PrintWriter out = new PrintWriter(printed);
        TextTable.print(out, List.of("x"), List.of(new Column().header("H").with(String::valueOf)));
        out.println("after");
        out.flush();

        assertThat(out.checkError()).isFalse();
        assertThat(printed.toString()).endsWith("after" + System.lineSeparator());
    }
}
