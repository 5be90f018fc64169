package io.rankkeeper.fetch;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * Turns body bytes into text and a cheap fingerprint. Stateless, thread-safe.
 *
 * <p>Charset: a byte-order mark, else the Content-Type charset, else a {@code <meta charset>}
 * or {@code http-equiv} declaration in the first {@value #SNIFF_BYTES} bytes, else UTF-8. Like
 * browsers (WHATWG Encoding), ISO-8859-1 and US-ASCII labels are read as windows-1252.
 * Malformed input is replaced, never thrown. The bytes are decoded exactly once.
 */
final class PageText {

    static final int SNIFF_BYTES = 4096;
    private static final Pattern CONTENT_TYPE_CHARSET =
            Pattern.compile("charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9._:+-]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern META_CHARSET =
            Pattern.compile("<meta[^>]*?charset\\s*=\\s*[\"']?\\s*([A-Za-z0-9._:+-]+)", Pattern.CASE_INSENSITIVE);
    private static final Charset WINDOWS_1252 = charsetOrNull("windows-1252");

    private PageText() {
    }

    /** Decodes {@code length} bytes of {@code bytes} into text. */
    static String decode(byte[] bytes, int length, String contentType) {
        if (startsWith(bytes, length, 0xef, 0xbb, 0xbf)) {
            return new String(bytes, 3, length - 3, StandardCharsets.UTF_8);
        }
        if (startsWith(bytes, length, 0xfe, 0xff)) {
            return new String(bytes, 2, length - 2, StandardCharsets.UTF_16BE);
        }
        if (startsWith(bytes, length, 0xff, 0xfe)) {
            return new String(bytes, 2, length - 2, StandardCharsets.UTF_16LE);
        }
        return new String(bytes, 0, length, charset(contentType, bytes, length));
    }

    /** The charset the body is read with (without looking at a byte-order mark). */
    static Charset charset(String contentType, byte[] bytes, int length) {
        Charset declared = contentType == null ? null : find(CONTENT_TYPE_CHARSET, contentType);
        if (declared == null) {
            // ISO-8859-1 maps every byte to one char: a cheap, safe view for an ASCII regex.
            String start = new String(bytes, 0, Math.min(length, SNIFF_BYTES), StandardCharsets.ISO_8859_1);
            declared = find(META_CHARSET, start);
        }
        if (declared == null) {
            return StandardCharsets.UTF_8;
        }
        if ((declared.equals(StandardCharsets.ISO_8859_1) || declared.equals(StandardCharsets.US_ASCII))
                && WINDOWS_1252 != null) {
            return WINDOWS_1252;
        }
        return declared;
    }

    /**
     * A fingerprint of the body: CRC32C of the bytes (a CPU instruction on x86 and ARM, about
     * 0.05 ms per MB against 2 ms for SHA-256 without intrinsics) with the length in the high
     * half, as 16 hex digits. Good for "did the page change"; not a cryptographic hash.
     */
    static String hash(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        long value = ((long) length << 32) | crc.getValue();
        String hex = Long.toHexString(value);
        return "0".repeat(16 - hex.length()) + hex;
    }

    private static Charset find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? charsetOrNull(matcher.group(1)) : null;
    }

    private static Charset charsetOrNull(String name) {
        try {
            return Charset.forName(name.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) { // illegal or unsupported name
            return null;
        }
    }

    private static boolean startsWith(byte[] bytes, int length, int... prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
