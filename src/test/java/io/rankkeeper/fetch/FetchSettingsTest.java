package io.rankkeeper.fetch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class FetchSettingsTest {

    @Test
    void rejectsZeroConcurrencyNamingTheSetting() {
        assertThatThrownBy(() -> new FetchSettings("bot/1", Duration.ofSeconds(1), Duration.ofSeconds(1), 0, 1,
                Duration.ZERO, 0, 100, 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxConcurrency must be at least 1, was 0");
    }

    @Test
    void rejectsMissingTimeoutAndBlankUserAgent() {
        assertThatThrownBy(() -> new FetchSettings("bot/1", null, Duration.ofSeconds(1), 1, 1,
                Duration.ZERO, 0, 100, 0, Duration.ZERO))
                .hasMessageStartingWith("timeout must be a positive duration");
        assertThatThrownBy(() -> new FetchSettings(" ", Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1,
                Duration.ZERO, 0, 100, 0, Duration.ZERO))
                .hasMessage("userAgent must not be blank");
    }
}
