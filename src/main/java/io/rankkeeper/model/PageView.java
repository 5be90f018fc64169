package io.rankkeeper.model;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A page's bytes seen as ISO-8859-1 text, one char per byte, with the charset that reads them.
 * Copying bytes into such text is a plain copy, and every ASCII marker is found at its byte
 * offset; only the parts an extractor keeps (a rank block, a title) are then read with the real
 * charset. Only for charsets in which a byte below 0x80 is always that ASCII character (UTF-8 and
 * the single-byte ones), so that no marker can match inside another character.
 *
 * <p>The text is held in chunks of {@value #CHUNK_CHARS} chars, not in one string: a product
 * page is 0.4 to 1 MB, and G1 places an array of half a region or more (512 KB in a heap of up to
 * 2 GB) in whole regions of its own, outside the young generation. Every such page copy started a
 * concurrent marking cycle once the heap was half full: measured with a 128 MB heap, the
 * collector took 0.34 ms of CPU per page at full speed and 2.2 ms per page at 100 ms latency.
 * Chunks are ordinary young objects that die young. The methods mirror those of {@link String}
 * (same results, same bounds), each char search running {@link String#indexOf(int, int)} on the
 * chunks, which the JDK compiles early with its SIMD loop inside.
 *
 * <p>A view of bytes copies a chunk when it is first read, not before: an extractor that finds
 * its rank block half-way down the page never copies the rest (the copy was 7 % of a fetching
 * daemon's CPU). So the bytes must not change while the view is read; their owner calls
 * {@link #release()} before it reuses them, and from then on a chunk not yet read cannot be.
 * Thread-safe: a chunk two threads copy at once is copied twice, the same both times.
 */
public final class PageView {

    /** Chars per chunk of a view of bytes: far below half of G1's smallest region (1 MB). */
    public static final int CHUNK_CHARS = 1 << 16;

    /** A chunk shift that keeps any text in chunk 0. */
    private static final int ONE_CHUNK = 31;

    private final Chunks chunks;
    /** A position's chunk is {@code position >>> shift}, its place in it {@code position & mask}. */
    private final int shift;
    private final int mask;
    private final int length;
    private final Charset charset;

    private PageView(Chunks chunks, int shift, int length, Charset charset) {
        this.chunks = chunks;
        this.shift = shift;
        this.mask = (int) ((1L << shift) - 1);
        this.length = length;
        this.charset = Objects.requireNonNull(charset, "charset");
    }

    /** A view of text that is already decoded: every part reads as itself, nothing is copied. */
    public static PageView ofText(String text) {
        return new PageView(new Chunks(text), ONE_CHUNK, text.length(), StandardCharsets.ISO_8859_1);
    }

    /** A view of {@code length} bytes of {@code bytes} from {@code offset}, which are in {@code charset}. */
    public static PageView ofBytes(byte[] bytes, int offset, int length, Charset charset) {
        return ofBytes(bytes, offset, length, charset, CHUNK_CHARS);
    }

    /**
     * As {@link #ofBytes(byte[], int, int, Charset)} with chunks of {@code chunkChars} chars, a
     * power of two; small ones put chunk boundaries everywhere, for tests.
     */
    public static PageView ofBytes(byte[] bytes, int offset, int length, Charset charset, int chunkChars) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (chunkChars <= 0 || Integer.bitCount(chunkChars) != 1) {
            throw new IllegalArgumentException("chunkChars must be a power of two: " + chunkChars);
        }
        return new PageView(new Chunks(bytes, offset, length, chunkChars), Integer.numberOfTrailingZeros(chunkChars),
                length, charset);
    }

    /**
     * Lets go of the bytes: the owner may reuse them. What was read stays readable; a chunk not
     * yet read throws {@link IllegalStateException}. Views from {@link #prefix} share the bytes
     * and are released with this one. A second call does nothing.
     */
    public void release() {
        chunks.release();
    }

    /** What the bytes are in; ISO-8859-1 for a view of decoded text. */
    public Charset charset() {
        return charset;
    }

    /** True when the view is plain text and parts need no reading. */
    public boolean isText() {
        return charset.equals(StandardCharsets.ISO_8859_1);
    }

    /** Reads a part of the view (from {@link #substring}) with the page's charset. */
    public String read(String part) {
        return isText() ? part : new String(part.getBytes(StandardCharsets.ISO_8859_1), charset);
    }

    /** The whole page as text; one large string, so only for extractors that need all of it. */
    public String text() {
        return read(substring(0, length));
    }

    /** {@code marker} as it appears in the view: its bytes in the page's charset, one char per byte. */
    public String marker(String marker) {
        return isText() ? marker : new String(marker.getBytes(charset), StandardCharsets.ISO_8859_1);
    }

    /** The first {@code end} chars, sharing this view's chunks. */
    public PageView prefix(int end) {
        Objects.checkFromToIndex(0, end, length);
        return new PageView(chunks, shift, end, charset);
    }

    public int length() {
        return length;
    }

    public char charAt(int index) {
        Objects.checkIndex(index, length);
        return chunks.get(index >>> shift).charAt(index & mask);
    }

    /** As {@link String#isBlank()}. */
    public boolean isBlank() {
        for (int chunk = 0; chunk < chunks.count() && chunk << shift < length; chunk++) {
            String text = chunks.get(chunk);
            int end = Math.min(text.length(), length - (chunk << shift));
            if (!(end == text.length() ? text : text.substring(0, end)).isBlank()) {
                return false;
            }
        }
        return true;
    }

    /** As {@link String#indexOf(int, int)} for a char. */
    public int indexOf(char c, int from) {
        int start = Math.max(from, 0);
        if (start >= length) {
            return -1;
        }
        for (int chunk = start >>> shift; chunk < chunks.count(); chunk++) {
            int base = chunk << shift;
            int at = chunks.get(chunk).indexOf(c, start - base);
            if (at >= 0) {
                return base + at < length ? base + at : -1;
            }
        }
        return -1;
    }

    /** As {@link String#lastIndexOf(int, int)} for a char. */
    public int lastIndexOf(char c, int from) {
        int start = Math.min(from, length - 1);
        for (int chunk = start < 0 ? -1 : start >>> shift; chunk >= 0; chunk--) {
            int base = chunk << shift;
            int at = chunks.get(chunk).lastIndexOf(c, start - base);
            if (at >= 0) {
                return base + at;
            }
        }
        return -1;
    }

    /**
     * As {@link String#indexOf(String, int)}; a plain scan for the first char (see the extractors'
     * MarkerSearch for long scans).
     */
    public int indexOf(String text, int from) {
        int start = Math.max(from, 0);
        if (text.isEmpty()) {
            return Math.min(start, length);
        }
        int at = start;
        while (true) {
            at = indexOf(text.charAt(0), at);
            if (at < 0 || at > length - text.length()) {
                return -1;
            }
            if (startsWith(text, at)) {
                return at;
            }
            at++;
        }
    }

    /** As {@link String#lastIndexOf(String, int)}. */
    public int lastIndexOf(String text, int from) {
        if (from < 0) {
            return -1;
        }
        int at = Math.min(from, length - text.length());
        if (text.isEmpty()) {
            return at;
        }
        while (at >= 0) {
            at = lastIndexOf(text.charAt(0), at);
            if (at < 0 || startsWith(text, at)) {
                return at;
            }
            at--;
        }
        return -1;
    }

    /** As {@link String#startsWith(String, int)}. */
    public boolean startsWith(String prefix, int at) {
        return regionMatches(false, at, prefix, 0, prefix.length());
    }

    /** As {@link String#regionMatches(boolean, int, String, int, int)}. */
    public boolean regionMatches(boolean ignoreCase, int at, String other, int otherAt, int count) {
        if (otherAt < 0 || at < 0 || at > (long) length - count || otherAt > (long) other.length() - count) {
            return false;
        }
        if (count <= 0) {
            return true;
        }
        int chunk = at >>> shift;
        if (chunk == (at + count - 1) >>> shift) {
            return chunks.get(chunk).regionMatches(ignoreCase, at & mask, other, otherAt, count);
        }
        return substring(at, at + count).regionMatches(ignoreCase, 0, other, otherAt, count);
    }

    /** As {@link String#substring(int, int)}: a copy of that part only. */
    public String substring(int begin, int end) {
        Objects.checkFromToIndex(begin, end, length);
        if (begin == end) {
            return "";
        }
        int first = begin >>> shift;
        int last = (end - 1) >>> shift;
        if (first == last) {
            return chunks.get(first).substring(begin & mask, (begin & mask) + (end - begin));
        }
        StringBuilder part = new StringBuilder(end - begin);
        for (int chunk = first; chunk <= last; chunk++) {
            int base = chunk << shift;
            String text = chunks.get(chunk);
            part.append(text, Math.max(begin - base, 0), Math.min(end - base, text.length()));
        }
        return part.toString();
    }

    @Override
    public String toString() {
        return "PageView[" + length + " chars in " + chunks.count() + " chunks, " + charset + "]";
    }

    /** A view's text in chunks, each copied from the bytes when first asked for. */
    private static final class Chunks {

        private final String[] made;
        private final int offset;
        private final int length;
        private final int chunkChars;
        /** The bytes the chunks are copied from; null for text, and once released. */
        private volatile byte[] bytes;

        Chunks(String text) {
            this.made = new String[] {text};
            this.offset = 0;
            this.length = text.length();
            this.chunkChars = Math.max(1, text.length());
        }

        Chunks(byte[] bytes, int offset, int length, int chunkChars) {
            this.made = new String[Math.max(1, (length + chunkChars - 1) / chunkChars)];
            this.offset = offset;
            this.length = length;
            this.chunkChars = chunkChars;
            this.bytes = bytes;
        }

        int count() {
            return made.length;
        }

        String get(int index) {
            String chunk = made[index];
            if (chunk == null) {
                byte[] source = bytes;
                if (source == null) {
                    throw new IllegalStateException("the page's bytes were released before this part was read");
                }
                int start = index * chunkChars;
                // A String's fields are final: another thread sees it whole, or null and copies it too.
                chunk = new String(source, offset + start, Math.min(chunkChars, length - start), StandardCharsets.ISO_8859_1);
                made[index] = chunk;
            }
            return chunk;
        }

        void release() {
            bytes = null;
        }
    }
}
