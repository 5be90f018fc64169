package io.rankkeeper.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the human units of the config: durations ({@code 30s}) and sizes ({@code 10MB}). Stateless. */
final class Units {

    private static final Pattern DURATION = Pattern.compile("([-+]?\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("([-+]?\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");
    static final String DURATION_HINT = "write a number with a unit: 500ms, 30s, 5m, 1h, 1d (or ISO-8601 such as PT30S)";
    static final String SIZE_HINT = "write a number of bytes or a number with a unit: 512KB, 10MB, 1GB (1KB = 1024 bytes)";

    private Units() {
    }

    static Duration duration(String text) throws InvalidValue {
        String trimmed = text.trim();
        Matcher matcher = DURATION.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (matcher.matches()) {
            long amount;
            try {
                amount = Long.parseLong(matcher.group(1));
            } catch (NumberFormatException e) {
                throw new InvalidValue("duration \"" + text + "\" is too large; " + DURATION_HINT);
            }
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        String upper = trimmed.toUpperCase(Locale.ROOT);
        if (upper.startsWith("P") || upper.startsWith("-P")) {
            try {
                return Duration.parse(upper);
            } catch (DateTimeParseException e) {
                throw new InvalidValue("\"" + text + "\" is not an ISO-8601 duration; " + DURATION_HINT);
            }
        }
        if (trimmed.matches("[-+]?\\d+")) {
            throw new InvalidValue("\"" + text + "\" has no unit; " + DURATION_HINT);
        }
        throw new InvalidValue("\"" + text + "\" is not a duration; " + DURATION_HINT);
    }

    /** A duration the way the config writes it: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] names = {"d", "h", "m", "s"};
        for (int index = 0; index < units.length; index++) {
            if (millis != 0 && millis % units[index] == 0) {
                return millis / units[index] + names[index];
            }
        }
        return millis + "ms";
    }

    static long size(String text) throws InvalidValue {
        Matcher matcher = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new InvalidValue("\"" + text + "\" is not a size; " + SIZE_HINT);
        }
        long multiplier = switch (matcher.group(2) == null ? "b" : matcher.group(2)) {
            case "kb", "kib" -> 1024L;
            case "mb", "mib" -> 1024L * 1024;
            case "gb", "gib" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(Long.parseLong(matcher.group(1)), multiplier);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new InvalidValue("size \"" + text + "\" is too large; " + SIZE_HINT);
        }
    }
}
