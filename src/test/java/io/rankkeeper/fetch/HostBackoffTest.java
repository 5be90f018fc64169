package io.rankkeeper.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostBackoffTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private final HostBackoff backoff = new HostBackoff(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(1));

    @Test
    void doublesErrorBackoffWithJitterBetweenHalfAndFull() {
        Instant first = backoff.recordFailure("h", null);
        backoff.recordFailure("h", null);
        Instant third = backoff.recordFailure("h", null);

        assertThat(Duration.between(NOW, first)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        // the until never moves back; the third failure asks for 2 to 4 s
        assertThat(Duration.between(NOW, third)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void capsErrorBackoff() {
        Instant until = null;
        for (int i = 0; i < 40; i++) {
            until = backoff.recordFailure("h", null);
        }
        assertThat(Duration.between(NOW, until)).isLessThanOrEqualTo(HostBackoff.MAX_ERROR_BACKOFF);
    }

    @Test
    void usesRetryAfterExactly() {
        assertThat(backoff.recordFailure("h", Duration.ofSeconds(42))).isEqualTo(NOW.plusSeconds(42));
    }

    @Test
    void successResetsFailureCount() {
        for (int i = 0; i < 10; i++) {
            backoff.recordFailure("h", Duration.ZERO);
        }
        backoff.recordSuccess("h");

        assertThat(Duration.between(NOW, backoff.recordFailure("h", null))).isLessThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void blocksBackOffFromOneMinuteDoublingUpToAnHour() {
        assertThat(backoff.recordBlocked("h")).isEqualTo(NOW.plus(Duration.ofMinutes(1)));
        assertThat(backoff.recordBlocked("h")).isEqualTo(NOW.plus(Duration.ofMinutes(2)));
        for (int i = 0; i < 10; i++) {
            backoff.recordBlocked("h");
        }
        assertThat(backoff.recordBlocked("h")).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void snapshotListsOnlyHostsStillBackedOff() {
        backoff.restore(Map.of("past", NOW.minusSeconds(1), "future", NOW.plusSeconds(60)));

        assertThat(backoff.snapshot()).containsOnlyKeys("future");
        assertThat(backoff.until("past")).isNull();
    }
}
