package io.rankkeeper.bench;

import io.rankkeeper.demo.ProductPage;
import io.rankkeeper.model.CategoryRank;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Every response of the benchmark shop, built once: per template the page before and after its
 * rank block (in direct buffers, shared by all targets of the template), per target its own rank
 * block and HTTP header. A response is a gathering write of those parts, so 5,000 targets with
 * their own ranks cost a few MB, not 5,000 pages. With gzip, the three parts are raw deflate
 * streams ended by a sync flush (a byte-aligned, non-final block), which concatenate into one
 * valid gzip body; each target's trailer carries the CRC of its whole page. Immutable after
 * construction, thread-safe (callers get duplicates of the shared buffers).
 */
final class ServedPages {

    private static final String RANK_MARKER = "Best Sellers Rank:";
    private static final String RANK_END = "</ul></span></li>\n</ul>\n";
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
    private static final byte[] NOT_FOUND = ascii("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 9\r\n\r\nnot found");

    private final boolean gzip;
    private final ByteBuffer[] before;
    private final ByteBuffer[] after;
    private final byte[][] headers;
    private final byte[][] middles;
    private final byte[][] trailers;

    ServedPages(int targets, boolean gzip) {
        this.gzip = gzip;
        int templates = Math.min(targets, BenchCatalog.TEMPLATES);
        before = new ByteBuffer[templates];
        after = new ByteBuffer[templates];
        byte[][] plainBefore = new byte[templates][];
        byte[][] plainAfter = new byte[templates][];
        for (int template = 0; template < templates; template++) {
            String html = new ProductPage("T" + String.format("%09d", template), "Benchmark book " + template,
                    BenchCatalog.ranks(template), BenchCatalog.noiseBytes(template)).html();
            int start = rankBlockStart(html);
            int end = rankBlockEnd(html, start);
            plainBefore[template] = html.substring(0, start).getBytes(StandardCharsets.UTF_8);
            plainAfter[template] = html.substring(end).getBytes(StandardCharsets.UTF_8);
            before[template] = direct(gzip ? concat(GZIP_HEADER, deflate(plainBefore[template], false))
                    : plainBefore[template]);
            after[template] = direct(gzip ? deflate(plainAfter[template], true) : plainAfter[template]);
        }
        headers = new byte[targets][];
        middles = new byte[targets][];
        trailers = new byte[targets][];
        for (int index = 0; index < targets; index++) {
            int template = BenchCatalog.template(index);
            byte[] block = rankBlock(BenchCatalog.ranks(index)).getBytes(StandardCharsets.UTF_8);
            middles[index] = gzip ? deflate(block, false) : block;
            if (gzip) {
                trailers[index] = trailer(plainBefore[template], block, plainAfter[template]);
            }
            long length = before[template].capacity() + middles[index].length + after[template].capacity()
                    + (gzip ? trailers[index].length : 0);
            headers[index] = ascii("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n"
                    + (gzip ? "Content-Encoding: gzip\r\n" : "") + "Content-Length: " + length + "\r\n\r\n");
        }
    }

    int targets() {
        return headers.length;
    }

    boolean gzip() {
        return gzip;
    }

    /** The buffers to write for a request of {@code path}, positioned at their start. */
    ByteBuffer[] response(String path) {
        int index = BenchCatalog.indexOf(path);
        if (index < 0 || index >= headers.length) {
            return new ByteBuffer[] {ByteBuffer.wrap(NOT_FOUND)};
        }
        int template = BenchCatalog.template(index);
        ByteBuffer header = ByteBuffer.wrap(headers[index]);
        ByteBuffer middle = ByteBuffer.wrap(middles[index]);
        if (gzip) {
            return new ByteBuffer[] {header, before[template].duplicate(), middle, after[template].duplicate(),
                ByteBuffer.wrap(trailers[index])};
        }
        return new ByteBuffer[] {header, before[template].duplicate(), middle, after[template].duplicate()};
    }

    /** Body bytes on the wire for target {@code index}. */
    long bodyBytes(int index) {
        int template = BenchCatalog.template(index);
        return before[template].capacity() + middles[index].length + after[template].capacity()
                + (gzip ? trailers[index].length : 0);
    }

    /** The detail-bullets rank list exactly as {@link ProductPage} writes it. */
    static String rankBlock(List<CategoryRank> ranks) {
        String html = new ProductPage("B000000000", "block", ranks, 0).html();
        int start = rankBlockStart(html);
        return html.substring(start, rankBlockEnd(html, start));
    }

    private static int rankBlockStart(String html) {
        int marker = html.indexOf(RANK_MARKER);
        int start = marker < 0 ? -1 : html.lastIndexOf("<ul", marker);
        if (start < 0) {
            throw new IllegalStateException("ProductPage no longer writes a '" + RANK_MARKER + "' list");
        }
        return start;
    }

    private static int rankBlockEnd(String html, int start) {
        int end = html.indexOf(RANK_END, start);
        if (end < 0) {
            throw new IllegalStateException("ProductPage's rank list no longer ends with " + RANK_END.strip());
        }
        return end + RANK_END.length();
    }

    /** Raw deflate; a sync flush (not final) unless {@code last}, so parts concatenate. */
    static byte[] deflate(byte[] input, boolean last) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(input);
            if (last) {
                deflater.finish();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 4 + 64);
            byte[] chunk = new byte[64 * 1024];
            while (true) {
                int written = deflater.deflate(chunk, 0, chunk.length, last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH);
                out.write(chunk, 0, written);
                if (last ? deflater.finished() : written < chunk.length && deflater.needsInput()) {
                    return out.toByteArray();
                }
            }
        } finally {
            deflater.end();
        }
    }

    private static byte[] trailer(byte[]... parts) {
        CRC32 crc = new CRC32();
        long size = 0;
        for (byte[] part : parts) {
            crc.update(part);
            size += part.length;
        }
        long value = crc.getValue();
        return ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt((int) value).putInt((int) size).array();
    }

    private static ByteBuffer direct(byte[] bytes) {
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
