package io.rankkeeper.fetch;

/**
 * The decompressed bytes of one response body, as far as they were read. The array may be
 * longer than {@code length}; only the first {@code length} bytes count. Never modified after
 * creation; do not modify it either.
 *
 * @param bytes the buffer holding the body
 * @param length how many bytes of the buffer are body
 * @param tooLarge true when the body went past the cap and reading stopped there
 * @param seen how many body bytes arrived (decompressed): {@code length}, except for a body too
 *     large, of which only the first part may be kept
 * @param crc32c the CRC-32C of the {@code length} body bytes, taken while they arrived, or
 *     {@link #NO_CRC} when it was not
 */
record ReceivedBody(byte[] bytes, int length, boolean tooLarge, long seen, long crc32c) {

    static final long NO_CRC = -1;

    static final ReceivedBody EMPTY = new ReceivedBody(new byte[0], 0, false);

    ReceivedBody(byte[] bytes, int length, boolean tooLarge) {
        this(bytes, length, tooLarge, length, NO_CRC);
    }

    /** The body's hash for {@code observation.body_hash} (see {@link PageText#hash}). */
    String hash() {
        return crc32c == NO_CRC ? PageText.hash(bytes, length) : PageText.hash(crc32c, length);
    }
}
