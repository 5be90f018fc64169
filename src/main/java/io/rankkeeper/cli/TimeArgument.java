package io.rankkeeper.cli;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code --since} and {@code --until}: a span back from now, a UTC date or an instant. */
final class TimeArgument {

    static final String ACCEPTED_FORMS = "a span back from now (30d, 12h, 45m, 90s, 2w), a UTC date (2026-11-01) "
            + "or an ISO-8601 instant (2026-11-01T10:00:00Z)";

    /** Before any observation: the earliest instant a span back from now resolves to. */
    static final Instant EARLIEST = Instant.EPOCH;

    private static final Pattern SPAN = Pattern.compile("(\\d{1,9})\\s*([wdhms])");

    private TimeArgument() {
    }

    /**
     * The instant {@code value} names. A date is the start of that UTC day, or its end when
     * {@code endOfDay} (so {@code --until 2026-11-01} includes the whole day).
     *
     * @throws UsageException naming the option, the value and the accepted forms
     */
    static Instant parse(String option, String value, Instant now, boolean endOfDay) {
        String text = value.trim();
        try {
            Matcher span = SPAN.matcher(text.toLowerCase(Locale.ROOT));
            if (span.matches()) {
                long amount = Long.parseLong(span.group(1));
                Duration unit = switch (span.group(2)) {
                    case "w" -> Duration.ofDays(7);
                    case "d" -> Duration.ofDays(1);
                    case "h" -> Duration.ofHours(1);
                    case "m" -> Duration.ofMinutes(1);
                    default -> Duration.ofSeconds(1);
                };
                Instant then = now.minus(unit.multipliedBy(amount));
                // "the whole history" spans such as 99999w stay within what every database stores
                return then.isBefore(EARLIEST) ? EARLIEST : then;
            }
            if (text.length() == "2026-11-01".length()) {
                LocalDate day = LocalDate.parse(text);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(text).toInstant();
            }
            // a date and time without a zone is read as UTC, like everything rankkeeper prints
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException | ArithmeticException e) {
            throw new UsageException("bad " + option + " '" + value + "': expected " + ACCEPTED_FORMS);
        }
    }
}
