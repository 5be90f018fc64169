package io.rankkeeper.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Instants are written exactly as ISO_INSTANT writes them truncated to the second, fast path or not. */
class QueryValuesTest {

    @Test
    void instantsAreWrittenAsIsoInstantWritesThemToTheSecond() {
        assertThat(QueryValues.instant(Instant.parse("2026-11-30T09:00:00.999Z"))).isEqualTo("2026-11-30T09:00:00Z");
        Instant[] edges = {Instant.EPOCH, Instant.EPOCH.minusNanos(1), Instant.parse("2024-02-29T23:59:59.5Z"),
            Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("0000-01-01T00:00:00Z").minusSeconds(1),
            Instant.parse("9999-12-31T23:59:59.999Z"), Instant.parse("9999-12-31T23:59:59Z").plusSeconds(1),
            Instant.MIN, Instant.MAX};
        for (Instant instant : edges) {
            assertThat(QueryValues.instant(instant)).as(instant.toString()).isEqualTo(iso(instant));
        }
        Random random = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-70_000_000_000L, 260_000_000_000L),
                    random.nextInt(1_000_000_000));
            assertThat(QueryValues.instant(instant)).as(instant.toString()).isEqualTo(iso(instant));
        }
    }

    private static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
