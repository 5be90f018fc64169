package io.rankkeeper.cli;

import io.rankkeeper.export.CsvOutput;
import io.rankkeeper.store.QueryRows;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** {@code sql --format csv}: streams RFC 4180 CSV with a header line. Not thread-safe. */
final class QueryCsv implements QueryRows {

    private final Writer writer;
    private final long maxRows;
    private CsvOutput output;
    private boolean truncated;

    QueryCsv(Writer writer, long maxRows) {
        this.writer = writer;
        this.maxRows = maxRows;
    }

    @Override
    public void columns(List<String> labels) {
        output = CsvOutput.toWriter(writer, labels);
    }

    @Override
    public boolean row(List<Object> values) {
        if (maxRows > 0 && output.rows() >= maxRows) {
            truncated = true;
            return false;
        }
        List<String> texts = new ArrayList<>(values.size());
        for (Object value : values) {
            texts.add(QueryValues.text(value, null));
        }
        output.row(texts);
        return true;
    }

    boolean truncated() {
        return truncated;
    }

    void finish() {
        if (output != null) {
            output.commit();
        }
    }
}
