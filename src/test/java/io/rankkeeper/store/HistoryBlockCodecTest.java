package io.rankkeeper.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryBlockCodecTest {

    private static final PackedEntry OK = new PackedEntry(1_000_001, 42, Instant.parse("2026-03-01T10:00:00Z"),
            Instant.parse("2026-03-01T10:00:05.123456Z"), "OK", 200, 1, 850, 512_000, "https://www.amazon.de/dp/X",
            "amazon", 3, "Bücher – 2. Auflage 本", null,
            List.of(new PackedEntry.PackedRank(7, 43_992, true), new PackedEntry.PackedRank(9, 12, false)));
    private static final PackedEntry FAILED = new PackedEntry(1_000_501, 43, Instant.parse("1969-12-31T23:00:00Z"),
            Instant.parse("1969-12-31T23:00:02.000001Z"), "TIMEOUT", null, 3, -1, 0, null, null, 0, null,
            "timed out", List.of());
    private static final PackedEntry SAME_PAGE = new PackedEntry(Long.MAX_VALUE, 44,
            Instant.parse("2026-03-01T12:00:00Z"), Instant.parse("2026-03-01T12:00:01Z"), "OK", 200, 1, 700,
            Long.MAX_VALUE, "https://www.amazon.de/dp/X", "amazon", 3, "Bücher – 2. Auflage 本", null,
            List.of(new PackedEntry.PackedRank(7, Long.MIN_VALUE, true)));

    @Test
    void entriesComeBackAsTheyWentIn() {
        List<PackedEntry> entries = List.of(OK, FAILED, OK, SAME_PAGE);

        assertThat(HistoryBlockCodec.decode(HistoryBlockCodec.encode(entries))).isEqualTo(entries);
        assertThat(HistoryBlockCodec.decode(HistoryBlockCodec.encode(List.of()))).isEmpty();
    }

    @Test
    void aStringRepeatedFromTheEntryBeforeCostsOneByte() {
        int one = HistoryBlockCodec.encode(List.of(OK)).length;
        int two = HistoryBlockCodec.encode(List.of(OK, OK)).length;

        // URL, extractor, title and outcome repeated: the fields that change are left
        assertThat(two - one).isLessThan(one / 2);
    }

    @Test
    void bytesItDidNotWriteAreRefused() {
        byte[] block = HistoryBlockCodec.encode(List.of(OK, FAILED));

        assertThatThrownBy(() -> HistoryBlockCodec.decode(Arrays.copyOf(block, block.length - 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("history_block");
        assertThatThrownBy(() -> HistoryBlockCodec.decode(Arrays.copyOf(block, block.length + 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 bytes after its entries");
        byte[] otherFormat = block.clone();
        otherFormat[0] = 9;
        assertThatThrownBy(() -> HistoryBlockCodec.decode(otherFormat))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("format 9");
    }

    @Test
    void timesAreRoundedToTheMicrosecondsAColumnKeeps() {
        assertThat(HistoryBlocks.columnPrecision(Instant.parse("2026-03-01T10:00:00.123456499Z")))
                .isEqualTo(Instant.parse("2026-03-01T10:00:00.123456Z"));
        assertThat(HistoryBlocks.columnPrecision(Instant.parse("2026-03-01T10:00:00.999999500Z")))
                .isEqualTo(Instant.parse("2026-03-01T10:00:01Z"));
    }
}
