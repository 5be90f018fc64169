package io.rankkeeper.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.rankkeeper.store.QueryRows;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code sql --format json}: streams an array of objects, one per row, keyed by column label
 * (a repeated label gets a suffix: {@code id}, {@code id_2}); numbers and booleans stay typed,
 * instants are ISO-8601 strings. Not thread-safe.
 */
final class QueryJson implements QueryRows {

    private final JsonGenerator json;
    private final long maxRows;
    private List<String> keys = List.of();
    private long rows;
    private boolean truncated;

    QueryJson(Writer writer, long maxRows) {
        this.maxRows = maxRows;
        try {
            this.json = new JsonFactory().createGenerator(writer)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .useDefaultPrettyPrinter();
            json.writeStartArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void columns(List<String> labels) {
        List<String> unique = new ArrayList<>(labels.size());
        Set<String> seen = new HashSet<>();
        for (String label : labels) {
            String key = label;
            for (int suffix = 2; !seen.add(key); suffix++) {
                key = label + "_" + suffix;
            }
            unique.add(key);
        }
        keys = unique;
    }

    @Override
    public boolean row(List<Object> values) {
        if (maxRows > 0 && rows >= maxRows) {
            truncated = true;
            return false;
        }
        try {
            json.writeStartObject();
            for (int index = 0; index < values.size(); index++) {
                json.writeFieldName(keys.get(index));
                write(values.get(index));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows++;
        return true;
    }

    private void write(Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof BigDecimal decimal) {
            json.writeNumber(decimal);
        } else if (value instanceof BigInteger integer) {
            json.writeNumber(integer);
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isFinite(number)) {
                json.writeNumber(number);
            } else {
                json.writeString(Double.toString(number));
            }
        } else {
            json.writeString(QueryValues.text(value, null));
        }
    }

    boolean truncated() {
        return truncated;
    }

    void finish() {
        try {
            json.writeEndArray();
            json.writeRaw(System.lineSeparator());
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
