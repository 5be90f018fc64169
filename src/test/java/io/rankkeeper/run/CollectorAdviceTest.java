package io.rankkeeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorAdviceTest {

    private static final long MB = 1024 * 1024;
    private static final List<String> G1 = List.of("G1 Young Generation", "G1 Old Generation");

    @Test
    void g1WithRegionsTooSmallForAPageIsAdvisedTheSerialCollector() {
        assertThat(CollectorAdvice.advice(G1, MB, 128 * MB))
                .contains("G1 collector with 1 MB regions (heap 128 MB)")
                .contains("every page body of 512 KB or more")
                .contains("-XX:+UseSerialGC");
    }

    @Test
    void g1WithRegionsThatHoldAPageAndTheOtherCollectorsNeedNoAdvice() {
        assertThat(CollectorAdvice.advice(G1, 2 * MB, 6_000 * MB)).isNull();
        assertThat(CollectorAdvice.advice(List.of("Copy", "MarkSweepCompact"), MB, 128 * MB)).isNull();
        assertThat(CollectorAdvice.advice(List.of("PS MarkSweep", "PS Scavenge"), MB, 640 * MB)).isNull();
        assertThat(CollectorAdvice.advice(G1, -1, 128 * MB)).as("region size unknown").isNull();
    }
}
