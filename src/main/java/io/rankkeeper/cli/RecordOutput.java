package io.rankkeeper.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes rows as CSV (with a header) or as a JSON array of objects, with the same field names in
 * both. Values: numbers and booleans as such, instants as ISO-8601 UTC, enums by name, null as an
 * empty CSV cell or JSON null. Immutable, thread-safe.
 */
final class RecordOutput<T> {

    private static final JsonFactory JSON = new JsonFactory();

    /** One named value of a row. */
    record Field<T>(String name, Function<T, Object> value) {
    }

    private final List<Field<T>> fields;

    RecordOutput(List<Field<T>> fields) {
        this.fields = List.copyOf(fields);
    }

    static <T> Field<T> field(String name, Function<T, Object> value) {
        return new Field<>(name, value);
    }

    void print(OutputFormat format, PrintWriter out, Iterable<T> rows) {
        switch (format) {
            case CSV -> csv(out, rows);
            case JSON -> json(out, rows);
            default -> throw new IllegalArgumentException("RecordOutput writes CSV or JSON, not " + format);
        }
        out.flush();
    }

    private void csv(PrintWriter out, Iterable<T> rows) {
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setHeader(fields.stream().map(Field::name).toArray(String[]::new))
                .setRecordSeparator('\n')
                .get();
        try {
            // not closed: closing the printer would close the command's writer
            CSVPrinter printer = new CSVPrinter(out, format);
            for (T row : rows) {
                for (Field<T> field : fields) {
                    printer.print(csvValue(field.value().apply(row)));
                }
                printer.println();
            }
            printer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void json(PrintWriter out, Iterable<T> rows) {
        try {
            JsonGenerator json = JSON.createGenerator(out);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.useDefaultPrettyPrinter();
            json.writeStartArray();
            for (T row : rows) {
                json.writeStartObject();
                for (Field<T> field : fields) {
                    json.writeFieldName(field.name());
                    writeJsonValue(json, field.value().apply(row));
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.flush();
            out.println();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeJsonValue(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Long number) {
            json.writeNumber(number);
        } else if (value instanceof Integer number) {
            json.writeNumber(number);
        } else if (value instanceof Boolean flag) {
            json.writeBoolean(flag);
        } else if (value instanceof Enum<?> constant) {
            json.writeString(constant.name());
        } else {
            json.writeString(value.toString());
        }
    }

    private static Object csvValue(Object value) {
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        return value;
    }
}
