package io.rankkeeper.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which blocks a target merges once packer passes (or late attempts) numbered more of them. */
class HistoryMergerTest {

    private static final long TARGET = 7;
    private static final long BASE = TARGET << HistoryBlocks.BLOCK_BITS;

    @Test
    void mergesTheLargestAlignedRangeThatEndsAtTheNewCount() {
        assertThat(HistoryMerger.after(TARGET, 0, 1)).isNull();
        assertThat(HistoryMerger.after(TARGET, 2, 3)).isNull();
        assertThat(HistoryMerger.after(TARGET, 3, 4)).isEqualTo(range(0, 3));
        assertThat(HistoryMerger.after(TARGET, 7, 8)).isEqualTo(range(4, 7));
        assertThat(HistoryMerger.after(TARGET, 15, 16)).isEqualTo(range(0, 15));
        assertThat(HistoryMerger.after(TARGET, 63, 64)).isEqualTo(range(0, 63));
        assertThat(HistoryMerger.after(TARGET, 64, 65)).isNull();
        assertThat(HistoryMerger.after(TARGET, 127, 128)).isEqualTo(range(64, 127));
    }

    @Test
    void neverMergesMoreThanSixtyFourBlocks() {
        assertThat(HistoryMerger.after(TARGET, 255, 256)).isEqualTo(range(192, 255));
    }

    @Test
    void aPassThatAddsSeveralBlocksMergesTheLastRangeItCompleted() {
        // a database written before V9: its first pass packs many blocks per target
        assertThat(HistoryMerger.after(TARGET, 0, 7)).isEqualTo(range(0, 3));
        assertThat(HistoryMerger.after(TARGET, 0, 70)).isEqualTo(range(0, 63));
        assertThat(HistoryMerger.after(TARGET, 13, 19)).isEqualTo(range(0, 15));
    }

    private static HistoryMerger.Range range(long first, long last) {
        return new HistoryMerger.Range(BASE + first, BASE + last);
    }
}
