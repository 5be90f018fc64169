package io.rankkeeper.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the time bounds of {@code --since} and {@code --until}: an age ({@code 30d}, {@code 12h},
 * {@code 90m}, {@code 2w}: that long before now), a UTC day ({@code 2026-11-01}: its start for
 * since, its end for until, so that both days are included), or an instant with an offset
 * ({@code 2026-11-01T10:00:00Z}). Stateless.
 */
final class TimeBound {

    private static final Pattern AGE = Pattern.compile("(\\d{1,6})([smhdw])");

    private TimeBound() {
    }

    /** The instant for {@code --since}. */
    static Instant since(String text, Clock clock) {
        return parse(text, clock, "--since", false);
    }

    /** The (exclusive) instant for {@code --until}. */
    static Instant until(String text, Clock clock) {
        return parse(text, clock, "--until", true);
    }

    private static Instant parse(String text, Clock clock, String option, boolean endOfDay) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        Matcher age = AGE.matcher(value);
        if (age.matches()) {
            long amount = Long.parseLong(age.group(1));
            Duration unit = switch (age.group(2)) {
                case "s" -> Duration.ofSeconds(1);
                case "m" -> Duration.ofMinutes(1);
                case "h" -> Duration.ofHours(1);
                case "d" -> Duration.ofDays(1);
                default -> Duration.ofDays(7);
            };
            return clock.instant().minus(unit.multipliedBy(amount));
        }
        try {
            if (value.length() == "2026-11-01".length()) {
                LocalDate day = LocalDate.parse(value);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageException(option + " '" + text + "' is not a time: use an age (30d, 12h, 90m, 2w), a UTC day"
                    + " (2026-11-01) or an instant (2026-11-01T10:00:00Z)");
        }
    }
}
