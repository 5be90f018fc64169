package io.rankkeeper.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClusterNodeTest {

    private static final Instant CHECKIN = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void aNodeIsAliveUntilItsIntervalPlusQuartzGraceHavePassedSinceItsLastCheckin() {
        ClusterNode node = new ClusterNode("node-a", CHECKIN, Duration.ofSeconds(5), 3);

        assertThat(node.aliveAt(CHECKIN)).isTrue();
        assertThat(node.aliveAt(CHECKIN.plusMillis(12_500))).isTrue();
        assertThat(node.aliveAt(CHECKIN.plusMillis(12_501))).isFalse();
        // a clock behind the node's: still alive, as Quartz judges it
        assertThat(node.aliveAt(CHECKIN.minusSeconds(30))).isTrue();
    }
}
