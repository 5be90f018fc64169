package io.rankkeeper.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of one {@code history_block}: a format byte, the entry count, then each entry's
 * fields as variable-length integers and UTF-8 strings. A string equal to the same field of the
 * entry before it is written as one byte, so a block of one target's attempts (one URL, one title,
 * one extractor) costs about 40 bytes per attempt. Stateless.
 */
final class HistoryBlockCodec {

    static final int FORMAT = 1;

    private static final int NULL = 0;
    private static final int SAME = 1;
    private static final int LITERAL = 2;

    private HistoryBlockCodec() {
    }

    static byte[] encode(List<PackedEntry> entries) {
        Builder builder = new Builder();
        entries.forEach(builder::add);
        return builder.toBytes();
    }

    /** The entries of a block; throws {@link IllegalArgumentException} for bytes this code did not write. */
    static List<PackedEntry> decode(byte[] bytes) {
        Input in = new Input(bytes);
        int format = in.read();
        if (format != FORMAT) {
            throw new IllegalArgumentException("history_block format " + format + " is not " + FORMAT);
        }
        int count = (int) in.varLong();
        List<PackedEntry> entries = new ArrayList<>(count);
        PackedEntry previous = null;
        for (int i = 0; i < count; i++) {
            long id = in.varLong();
            long runId = in.varLong();
            Instant scheduledAt = in.instant();
            Instant observedAt = in.instant();
            String outcome = in.string(previous == null ? null : previous.outcome());
            long status = in.varLong();
            Integer httpStatus = status == 0 ? null : (int) unzigzag(status - 1);
            int attempts = (int) unzigzag(in.varLong());
            long durationMs = unzigzag(in.varLong());
            long byteCount = unzigzag(in.varLong());
            String finalUrl = in.string(previous == null ? null : previous.finalUrl());
            String extractor = in.string(previous == null ? null : previous.extractor());
            int extractorVersion = (int) unzigzag(in.varLong());
            String title = in.string(previous == null ? null : previous.title());
            String detail = in.string(previous == null ? null : previous.detail());
            int rankCount = (int) in.varLong();
            List<PackedEntry.PackedRank> ranks = new ArrayList<>(rankCount);
            for (int r = 0; r < rankCount; r++) {
                ranks.add(new PackedEntry.PackedRank(in.varLong(), unzigzag(in.varLong()), in.read() == 1));
            }
            previous = new PackedEntry(id, runId, scheduledAt, observedAt, outcome, httpStatus, attempts, durationMs,
                    byteCount, finalUrl, extractor, extractorVersion, title, detail, ranks);
            entries.add(previous);
        }
        if (!in.atEnd()) {
            throw new IllegalArgumentException("history_block has " + in.remaining() + " bytes after its entries");
        }
        return entries;
    }

    /**
     * Encodes entries one by one, keeping only the bytes and the entry before (for its repeated
     * strings); the packer builds a block per target this way. Not thread-safe.
     */
    static final class Builder {

        private final Output out = new Output(1024);
        private PackedEntry previous;
        private int count;
        private Instant oldest;
        private Instant newest;

        void add(PackedEntry entry) {
            out.varLong(entry.id());
            out.varLong(entry.runId());
            out.instant(entry.scheduledAt());
            out.instant(entry.observedAt());
            out.string(entry.outcome(), previous == null ? null : previous.outcome(), previous != null);
            out.varLong(entry.httpStatus() == null ? 0 : zigzag(entry.httpStatus()) + 1);
            out.varLong(zigzag(entry.attempts()));
            out.varLong(zigzag(entry.durationMs()));
            out.varLong(zigzag(entry.bytes()));
            out.string(entry.finalUrl(), previous == null ? null : previous.finalUrl(), previous != null);
            out.string(entry.extractor(), previous == null ? null : previous.extractor(), previous != null);
            out.varLong(zigzag(entry.extractorVersion()));
            out.string(entry.title(), previous == null ? null : previous.title(), previous != null);
            out.string(entry.detail(), previous == null ? null : previous.detail(), previous != null);
            out.varLong(entry.ranks().size());
            for (PackedEntry.PackedRank rank : entry.ranks()) {
                out.varLong(rank.categoryId());
                out.varLong(zigzag(rank.rank()));
                out.write(rank.main() ? 1 : 0);
            }
            previous = entry;
            count++;
            oldest = oldest == null || entry.observedAt().isBefore(oldest) ? entry.observedAt() : oldest;
            newest = newest == null || entry.observedAt().isAfter(newest) ? entry.observedAt() : newest;
        }

        int count() {
            return count;
        }

        Instant oldest() {
            return oldest;
        }

        Instant newest() {
            return newest;
        }

        /** The block: format, count, entries. */
        byte[] toBytes() {
            Output block = new Output(out.size() + 8);
            block.write(FORMAT);
            block.varLong(count);
            block.write(out.buffer(), 0, out.size());
            return block.toByteArray();
        }
    }

    private static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    /** A growable byte array; no copy until {@link #toByteArray}. */
    private static final class Output extends ByteArrayOutputStream {

        Output(int size) {
            super(size);
        }

        byte[] buffer() {
            return buf;
        }

        void varLong(long value) {
            long rest = value;
            while ((rest & ~0x7FL) != 0) {
                write((int) ((rest & 0x7F) | 0x80));
                rest >>>= 7;
            }
            write((int) rest);
        }

        /** Seconds and whole microseconds: the precision of the timestamp columns. */
        void instant(Instant instant) {
            varLong(zigzag(instant.getEpochSecond()));
            varLong(instant.getNano() / 1_000);
        }

        void string(String value, String previous, boolean hasPrevious) {
            if (value == null) {
                write(NULL);
            } else if (hasPrevious && value.equals(previous)) {
                write(SAME);
            } else {
                byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
                write(LITERAL);
                varLong(utf8.length);
                write(utf8, 0, utf8.length);
            }
        }
    }

    /** Reads what {@link Output} wrote; a short or malformed array is an {@link IllegalArgumentException}. */
    private static final class Input {

        private final byte[] bytes;
        private int position;

        Input(byte[] bytes) {
            this.bytes = bytes;
        }

        int read() {
            if (position >= bytes.length) {
                throw new IllegalArgumentException("history_block ends early, at byte " + position);
            }
            return bytes[position++] & 0xFF;
        }

        long varLong() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int next = read();
                value |= (long) (next & 0x7F) << shift;
                if ((next & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("history_block has a number longer than 64 bits at byte " + position);
        }

        Instant instant() {
            long seconds = unzigzag(varLong());
            long micros = varLong();
            return Instant.ofEpochSecond(seconds, micros * 1_000);
        }

        String string(String previous) {
            int tag = read();
            if (tag == NULL) {
                return null;
            }
            if (tag == SAME) {
                return previous;
            }
            if (tag != LITERAL) {
                throw new IllegalArgumentException("history_block has string tag " + tag + " at byte " + position);
            }
            int length = (int) varLong();
            if (length < 0 || length > bytes.length - position) {
                throw new IllegalArgumentException("history_block has a string of " + length + " bytes past its end");
            }
            String value = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return value;
        }

        boolean atEnd() {
            return position == bytes.length;
        }

        int remaining() {
            return bytes.length - position;
        }
    }
}
