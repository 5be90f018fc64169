package io.rankkeeper.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "5m, PT5M", "1h, PT1H", "1d, PT24H", "PT30S, PT30S", "pt1m30s, PT1M30S",
        "-5s, PT-5S", "0s, PT0S", "10 s, PT10S"})
    void durationsAcceptShortUnitsAndIso(String text, String expected) throws InvalidValue {
        assertThat(Units.duration(text)).isEqualTo(Duration.parse(expected));
    }

    @Test
    void durationWithoutUnitIsRejectedWithTheUnitsToUse() {
        assertThatThrownBy(() -> Units.duration("30")).isInstanceOf(InvalidValue.class)
                .hasMessageContaining("has no unit").hasMessageContaining("30s");
        assertThatThrownBy(() -> Units.duration("3 weeks")).isInstanceOf(InvalidValue.class)
                .hasMessageContaining("is not a duration");
        assertThatThrownBy(() -> Units.duration("P1X")).isInstanceOf(InvalidValue.class)
                .hasMessageContaining("ISO-8601");
    }

    @ParameterizedTest
    @CsvSource({"512, 512", "512B, 512", "512KB, 524288", "10MB, 10485760", "1GB, 1073741824", "2 mib, 2097152", "1kb, 1024"})
    void sizesAcceptBytesAndBinaryUnits(String text, long expected) throws InvalidValue {
        assertThat(Units.size(text)).isEqualTo(expected);
    }

    @Test
    void sizeOverflowAndNonsenseAreRejected() {
        assertThatThrownBy(() -> Units.size("99999999999GB")).isInstanceOf(InvalidValue.class).hasMessageContaining("too large");
        assertThatThrownBy(() -> Units.size("big")).isInstanceOf(InvalidValue.class).hasMessageContaining("10MB");
    }

    @ParameterizedTest
    @CsvSource({"PT0.5S, 500ms", "PT30S, 30s", "PT5M, 5m", "PT2H, 2h", "PT48H, 2d", "PT1M30S, 90s"})
    void durationsAreFormattedAsTheConfigWritesThem(String iso, String expected) {
        assertThat(Units.format(Duration.parse(iso))).isEqualTo(expected);
    }
}
