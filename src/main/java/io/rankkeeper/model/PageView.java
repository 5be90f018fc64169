package io.rankkeeper.model;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A page's bytes seen as ISO-8859-1 text, one char per byte, with the charset that reads them.
 * Copying bytes into such a string is a plain copy, and every ASCII marker is found at its byte
 * offset; only the parts an extractor keeps (a rank block, a title) are then read with the real
 * charset. Only for charsets in which a byte below 0x80 is always that ASCII character (UTF-8 and
 * the single-byte ones), so that no marker can match inside another character. Immutable.
 *
 * @param bytes the page, one char per byte
 * @param charset what the bytes are in
 */
public record PageView(String bytes, Charset charset) {

    public PageView {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(charset, "charset");
    }

    /** A view of text that is already decoded: every part reads as itself. */
    public static PageView ofText(String text) {
        return new PageView(text, StandardCharsets.ISO_8859_1);
    }

    /** True when the view is plain text and parts need no reading. */
    public boolean isText() {
        return charset.equals(StandardCharsets.ISO_8859_1);
    }

    /** Reads a part of the view (a substring of {@link #bytes}) with the page's charset. */
    public String read(String part) {
        return isText() ? part : new String(part.getBytes(StandardCharsets.ISO_8859_1), charset);
    }

    /** The whole page as text. */
    public String text() {
        return read(bytes);
    }

    /** {@code marker} as it appears in the view: its bytes in the page's charset, one char per byte. */
    public String marker(String marker) {
        return isText() ? marker : new String(marker.getBytes(charset), StandardCharsets.ISO_8859_1);
    }
}
