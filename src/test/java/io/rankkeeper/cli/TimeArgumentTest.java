package io.rankkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeArgumentTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    @ParameterizedTest
    @CsvSource({
        "30d, 2026-10-31T10:00:00Z",
        "2w, 2026-11-16T10:00:00Z",
        "12h, 2026-11-29T22:00:00Z",
        "45m, 2026-11-30T09:15:00Z",
        "90s, 2026-11-30T09:58:30Z",
        "30D, 2026-10-31T10:00:00Z",
        "2026-11-01, 2026-11-01T00:00:00Z",
        "2026-11-01T10:00:00Z, 2026-11-01T10:00:00Z",
        "2026-11-01T10:00:00+02:00, 2026-11-01T08:00:00Z",
        "2026-11-01T10:00, 2026-11-01T10:00:00Z"})
    void readsSpansDatesAndInstants(String value, String expected) {
        assertThat(TimeArgument.parse("--since", value, NOW, false)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void dateAsAnEndIncludesThatWholeDay() {
        assertThat(TimeArgument.parse("--until", "2026-11-01", NOW, true))
                .isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
    }

    @Test
    void spanLongerThanAnyHistoryMeansFromTheBeginning() {
        assertThat(TimeArgument.parse("--since", "999999999w", NOW, false)).isEqualTo(TimeArgument.EARLIEST);
    }

    @ParameterizedTest
    @CsvSource({"yesterday", "30x", "2026-02-30", "2026-11-01 10:00", "-5d"})
    void rejectsOtherFormsNamingOptionValueAndAcceptedForms(String value) {
        assertThatThrownBy(() -> TimeArgument.parse("--since", value, NOW, false))
                .isInstanceOf(UsageException.class)
                .hasMessage("bad --since '" + value + "': expected " + TimeArgument.ACCEPTED_FORMS);
    }
}
