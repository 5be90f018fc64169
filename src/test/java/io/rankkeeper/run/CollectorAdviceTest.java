package io.rankkeeper.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorAdviceTest {

    private static final long MB = 1024 * 1024;
    private static final List<String> G1 = List.of("G1 Young Generation", "G1 Old Generation");

    @Test
    void g1WithRegionsTooSmallForAPageIsAdvisedTheSerialCollector() {
        assertThat(new CollectorAdvice(G1, MB).advice(128 * MB))
                .contains("G1 collector with 1 MB regions (heap 128 MB)")
                .contains("every page body of 512 KB or more")
                .contains("-XX:+UseSerialGC");
    }

    @Test
    void g1WithRegionsThatHoldAPageAndTheOtherCollectorsNeedNoAdvice() {
        assertThat(new CollectorAdvice(G1, 2 * MB).advice(6_000 * MB)).isNull();
        assertThat(new CollectorAdvice(List.of("Copy", "MarkSweepCompact"), MB).advice(128 * MB)).isNull();
        assertThat(new CollectorAdvice(List.of("PS MarkSweep", "PS Scavenge"), MB).advice(640 * MB)).isNull();
        assertThat(new CollectorAdvice(G1, -1).advice(128 * MB)).as("region size unknown").isNull();
    }

    @Test
    void describesTheCollectorsAndG1sRegions() {
        assertThat(new CollectorAdvice(G1, MB).describe()).isEqualTo("G1 Young Generation + G1 Old Generation (1 MB regions)");
        assertThat(new CollectorAdvice(List.of("Copy", "MarkSweepCompact"), -1).describe()).isEqualTo("Copy + MarkSweepCompact");
    }
}
