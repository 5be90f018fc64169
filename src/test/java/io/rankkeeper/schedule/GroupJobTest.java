package io.rankkeeper.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;

class GroupJobTest {

    private static boolean slot(String instant, String cron, String zone) {
        return GroupJob.isCronSlot(Date.from(Instant.parse(instant)), cron, zone);
    }

    @Test
    void aFireOnItsCronSlotIsAScheduledRun() {
        assertThat(slot("2026-11-30T10:00:03Z", "*/3 * * * * ?", "UTC")).isTrue();
        assertThat(slot("2026-11-30T10:00:00Z", "*/3 * * * * ?", "UTC")).isTrue();
        assertThat(slot("2026-11-30T06:00:00Z", "0 0 6 * * ?", "UTC")).isTrue();
    }

    @Test
    void aFireBetweenSlotsIsACatchUp() {
        assertThat(slot("2026-11-30T10:00:04Z", "*/3 * * * * ?", "UTC")).isFalse();
        assertThat(slot("2026-11-30T06:00:01Z", "0 0 6 * * ?", "UTC")).isFalse();
        assertThat(slot("2026-11-30T07:00:00Z", "0 0 6 * * ?", "UTC")).isFalse();
    }

    @Test
    void aFireWithMillisecondsIsNeverASlotEvenWithinASlotSecond() {
        // "Fire once now" fires at the instant of the misfire check, with milliseconds.
        assertThat(slot("2026-11-30T10:00:03.250Z", "*/3 * * * * ?", "UTC")).isFalse();
        assertThat(slot("2026-11-30T10:00:03.001Z", "* * * * * ?", "UTC")).isFalse();
    }

    @Test
    void slotsAreReadInTheGroupsTimeZone() {
        // 09:00 in Berlin is 08:00 UTC in winter and 07:00 UTC in summer.
        assertThat(slot("2026-11-30T08:00:00Z", "0 0 9 * * ?", "Europe/Berlin")).isTrue();
        assertThat(slot("2026-11-30T09:00:00Z", "0 0 9 * * ?", "Europe/Berlin")).isFalse();
        assertThat(slot("2026-07-01T07:00:00Z", "0 0 9 * * ?", "Europe/Berlin")).isTrue();
        assertThat(slot("2026-11-30T09:00:00Z", "0 0 9 * * ?", "UTC")).isTrue();
    }
}
