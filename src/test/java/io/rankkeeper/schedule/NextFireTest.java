package io.rankkeeper.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class NextFireTest {

    @Test
    void hourlyCronFiresAtTheNextFullHour() {
        assertThat(NextFire.after("0 0 * * * ?", ZoneId.of("UTC"), Instant.parse("2026-11-30T10:15:00Z")))
                .isEqualTo(Instant.parse("2026-11-30T11:00:00Z"));
    }

    @Test
    void fireAtExactlyNowIsNotTheNextFire() {
        assertThat(NextFire.after("0 0 * * * ?", ZoneId.of("UTC"), Instant.parse("2026-11-30T11:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
    }

    @Test
    void dailyCronIsReadInTheGroupsTimeZone() {
        // 06:30 in Berlin is 05:30 UTC in winter (CET, UTC+1)
        assertThat(NextFire.after("0 30 6 * * ?", ZoneId.of("Europe/Berlin"), Instant.parse("2026-11-30T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-01T05:30:00Z"));
    }

    @Test
    void dailyCronFollowsDaylightSavingTime() {
        // 06:30 in Berlin is 04:30 UTC in summer (CEST, UTC+2)
        assertThat(NextFire.after("0 30 6 * * ?", ZoneId.of("Europe/Berlin"), Instant.parse("2026-07-01T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-07-02T04:30:00Z"));
    }

    @Test
    void expressionInAPastYearNeverFiresAgain() {
        assertThat(NextFire.after("0 0 0 1 1 ? 2020", ZoneId.of("UTC"), Instant.parse("2026-11-30T10:00:00Z"))).isNull();
    }

    @Test
    void invalidExpressionIsRejectedWithTheExpression() {
        assertThatThrownBy(() -> NextFire.after("every hour", ZoneId.of("UTC"), Instant.now()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'every hour'");
    }
}
