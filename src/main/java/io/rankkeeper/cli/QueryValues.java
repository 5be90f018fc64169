package io.rankkeeper.cli;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** How query and export values are written as text: instants in ISO-8601 UTC to the second. */
final class QueryValues {

    private QueryValues() {
    }

    static String text(Object value, String nullText) {
        if (value == null) {
            return nullText;
        }
        if (value instanceof Instant instant) {
            return instant(instant);
        }
        if (value instanceof java.math.BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value.toString();
    }

    /** {@code 2026-11-30T09:00:00Z}. */
    static String instant(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
