package io.rankkeeper.cli;

import com.github.freva.asciitable.Column;
import com.github.freva.asciitable.ColumnData;
import com.github.freva.asciitable.HorizontalAlign;
import io.rankkeeper.store.QueryRows;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sql --format table}: collects up to {@code maxRows} rows (an aligned table needs every
 * width before the first line), then prints them in the style of the run summary. Not thread-safe.
 */
final class QueryTable implements QueryRows {

    private static final int MAX_CELL_WIDTH = 80;

    private final long maxRows;
    private final List<List<Object>> rows = new ArrayList<>();
    private List<String> labels = List.of();
    private boolean truncated;

    QueryTable(long maxRows) {
        this.maxRows = maxRows;
    }

    @Override
    public void columns(List<String> columnLabels) {
        this.labels = columnLabels;
    }

    @Override
    public boolean row(List<Object> values) {
        if (maxRows > 0 && rows.size() >= maxRows) {
            truncated = true;
            return false;
        }
        rows.add(values);
        return true;
    }

    boolean truncated() {
        return truncated;
    }

    void print(PrintWriter out) {
        List<ColumnData<List<Object>>> columns = new ArrayList<>();
        for (int index = 0; index < labels.size(); index++) {
            int column = index;
            boolean numeric = !rows.isEmpty() && rows.stream().allMatch(row -> row.get(column) == null
                    || row.get(column) instanceof Number);
            columns.add(new Column().header(labels.get(index)).maxWidth(MAX_CELL_WIDTH)
                    .dataAlign(numeric ? HorizontalAlign.RIGHT : HorizontalAlign.LEFT)
                    .with(row -> QueryValues.text(row.get(column), "NULL")));
        }
        if (!columns.isEmpty()) {
            TextTable.print(out, rows, columns);
        }
        out.println(rows.size() == 1 ? "(1 row)" : "(" + rows.size() + " rows)");
        out.flush();
    }
}
